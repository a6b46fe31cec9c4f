import { html, nothing, type TemplateResult } from 'lit';

/**
 * Sign-in: an email address, routed to the organisation's identity provider by its domain. On a demo server
 * (dev login on) also the three demo personas; elsewhere they are not shown at all.
 */
export function loginPage(opts: { busy: boolean; error: string; hasDemo: boolean; onPersona: (persona: string) => void; onEmail: (email: string) => void }): TemplateResult {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const email = new FormData(event.target as HTMLFormElement).get('email');
    if (typeof email === 'string' && email) opts.onEmail(email);
  };
  return html`
    <main id="main" tabindex="-1">
      <h1>Welcome to TutorGraph</h1>
      <p>Grounded answers from your course material, quizzes that adapt to you, and a mastery meter that shows where you stand.</p>
      <section class="card" aria-labelledby="email-h">
        <h2 id="email-h">Sign in</h2>
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
