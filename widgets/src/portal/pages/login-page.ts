import { html, type TemplateResult } from 'lit';

/** Landing and sign-in: the three demo personas, and "sign in as" an invited email. */
export function loginPage(opts: { busy: boolean; error: string; onPersona: (persona: string) => void; onEmail: (email: string) => void }): TemplateResult {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const email = new FormData(event.target as HTMLFormElement).get('email');
    if (typeof email === 'string' && email) opts.onEmail(email);
  };
  return html`
    <main id="main" tabindex="-1">
      <h1>Welcome to TutorGraph</h1>
      <p>Grounded answers from your course material, quizzes that adapt to you, and a mastery meter that shows where you stand.</p>
      <section class="card" aria-labelledby="demo-h">
        <h2 id="demo-h">Try the demo</h2>
        <p class="muted">Demo sign-in (dev login). In a real school you arrive from Canvas or Moodle instead.</p>
        <div class="personas">
          <button ?disabled=${opts.busy} @click=${() => opts.onPersona('admin')}>Sign in as Demo Admin</button>
          <button ?disabled=${opts.busy} @click=${() => opts.onPersona('instructor')}>Sign in as Demo Instructor</button>
          <button ?disabled=${opts.busy} @click=${() => opts.onPersona('learner')}>Sign in as Demo Learner</button>
        </div>
      </section>
      <section class="card" aria-labelledby="email-h">
        <h2 id="email-h">Invited by email?</h2>
        <form class="inline" @submit=${submit}>
          <label>Email <input name="email" type="email" required autocomplete="email"></label>
          <button class="secondary" ?disabled=${opts.busy}>Sign in with this email</button>
        </form>
      </section>
      ${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
    </main>`;
}
