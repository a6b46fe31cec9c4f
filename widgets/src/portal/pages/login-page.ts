import { html, nothing, type TemplateResult } from 'lit';
import type { SignInProviderWire } from '../../../../core/src/contracts/identity.js';

/** The organisation's button and how it was found: from the page's `?org=` or remembered from the last sign-in. */
export interface LoginProvider { found: SignInProviderWire; isRemembered: boolean }

/**
 * Sign-in: the organisation's own provider as a button ("Sign in with <name>") when the page knows the
 * organisation (`?org=<slug or domain>`, or the one signed in with last time), and an email address routed to
 * the organisation's identity provider by its domain. On a demo server (dev login on) also the demo personas;
 * elsewhere they are not shown at all.
 */
export function loginPage(opts: {
  busy: boolean; error: string; hasDemo: boolean; provider?: LoginProvider | undefined;
  onPersona: (persona: string) => void; onEmail: (email: string) => void; onProvider: (slug: string) => void; onForgetProvider: () => void;
}): TemplateResult {
  const p = opts.provider?.found;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const email = new FormData(event.target as HTMLFormElement).get('email');
    if (typeof email === 'string' && email) opts.onEmail(email);
  };
  return html`
    <main id="main" tabindex="-1">
      <h1>Welcome to TutorGraph</h1>
      <p>Grounded answers from your course material, quizzes that adapt to you, and a mastery meter that shows where you stand.</p>
      ${p ? html`<section class="card" aria-labelledby="org-h">
        <h2 id="org-h">${p.tenant.name}</h2>
        <button ?disabled=${opts.busy} @click=${() => opts.onProvider(p.tenant.slug)}>Sign in with ${p.provider.name}</button>
        ${opts.provider?.isRemembered ? html`<p class="muted">Not from ${p.tenant.name}?
          <button class="link" ?disabled=${opts.busy} @click=${opts.onForgetProvider}>Use another organisation</button></p>` : nothing}
      </section>` : nothing}
      <section class="card" aria-labelledby="email-h">
        <h2 id="email-h">${p ? 'Sign in with your email' : 'Sign in'}</h2>
        <p class="muted">Enter your school email: you continue at your organisation's sign-in page.${opts.hasDemo ? ' On this demo server an address without one signs in directly.' : ''}</p>
        <form class="inline" @submit=${submit}>
          <label>Email <input name="email" type="email" required autocomplete="email"></label>
          <button ?disabled=${opts.busy}>Continue</button>
        </form>
      </section>
      ${opts.hasDemo ? html`<section class="card" aria-labelledby="demo-h">
        <h2 id="demo-h">Try the demo</h2>
        <p class="muted">Demo sign-in (dev login). In a real school you arrive from Canvas or Moodle, or sign in with your school email.</p>
        <div class="personas">
          <button class="secondary" ?disabled=${opts.busy} @click=${() => opts.onPersona('admin')}>Sign in as Demo Admin</button>
          <button class="secondary" ?disabled=${opts.busy} @click=${() => opts.onPersona('instructor')}>Sign in as Demo Instructor</button>
          <button class="secondary" ?disabled=${opts.busy} @click=${() => opts.onPersona('learner')}>Sign in as Demo Learner</button>
        </div>
      </section>` : nothing}
      ${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : nothing}
    </main>`;
}
