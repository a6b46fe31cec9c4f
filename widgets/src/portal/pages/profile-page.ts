import { html, type TemplateResult } from 'lit';
import type { Me } from '../../api/api-types.js';

/** Who you are, your organisations, creating a new one, and signing out. */
export function profilePage(me: Me, opts: { onCreateTenant: (name: string) => void; onSignOut: () => void; message: string }): TemplateResult {
  const create = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const name = new FormData(form).get('name');
    if (typeof name === 'string' && name.trim()) { opts.onCreateTenant(name.trim()); form.reset(); }
  };
  return html`<main id="main" tabindex="-1">
    <h1>Profile</h1>
    <section class="card"><h2>${me.user.name || me.user.email}</h2><p class="muted">${me.user.email}</p></section>
    <section class="card" aria-labelledby="orgs-h"><h2 id="orgs-h">Your organisations</h2>
      <ul class="plain">${me.memberships.map((m) => html`<li>${m.tenant.name} — ${m.role}</li>`)}</ul>
      <form class="inline" @submit=${create} aria-label="Create an organisation">
        <label>New organisation <input name="name" required maxlength="200"></label><button>Create organisation</button>
      </form>
      ${opts.message ? html`<p class="ok" role="status">${opts.message}</p>` : ''}
    </section>
    <button class="secondary" @click=${opts.onSignOut}>Sign out</button>
  </main>`;
}
