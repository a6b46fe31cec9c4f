import { html, nothing, type TemplateResult } from 'lit';
import type { CourseInfo as CourseSummary, Performance } from '../../api/api-types.js';

export interface DashboardState {
  course: CourseSummary | undefined;
  courses: CourseSummary[];
  performance: Performance | undefined;
  performanceError: string;
  canCreateCourse: boolean;
}

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The learner's home: mastery, recent quizzes with their levels and the next one, recent questions; or the empty-course state. */
export function dashboardPage(state: DashboardState, ctx: { apiBase: string; token: string; tenantId: string; onCreateCourse: (title: string) => void; go: (path: string) => void }): TemplateResult {
  const create = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const title = new FormData(form).get('title');
    if (typeof title === 'string' && title.trim()) { ctx.onCreateCourse(title.trim()); form.reset(); }
  };
  const createForm = state.canCreateCourse ? html`
    <form class="inline" @submit=${create} aria-label="Create a course">
      <label>New course title <input name="title" required maxlength="300"></label><button>Create course</button>
    </form>` : nothing;
  if (!state.course) {
    return html`<main id="main" tabindex="-1"><h1>Dashboard</h1><section class="card">
      <h2>No courses yet</h2>
      <p>${state.canCreateCourse ? 'Create your first course, then add material under Content.' : 'You are not enrolled in a course yet. Ask your instructor for an invite.'}</p>
      ${createForm}</section></main>`;
  }
  const perf = state.performance;
  const attempts = perf?.recent_attempts.slice(0, 3) ?? [];
  return html`<main id="main" tabindex="-1">
    <h1>${state.course.title}</h1>
    <div class="grid">
      <section class="card" aria-labelledby="mastery-h">
        <h2 id="mastery-h">Your mastery</h2>
        <tg-provider api-base=${ctx.apiBase} token=${ctx.token} tenant-id=${ctx.tenantId} course-id=${state.course.id}>
          <tg-mastery-meter course-id=${state.course.id}></tg-mastery-meter>
        </tg-provider>
      </section>
      <section class="card" aria-labelledby="quiz-h">
        <h2 id="quiz-h">Recent quizzes</h2>
        ${perf && attempts.length > 0
          ? html`<ul class="plain">${attempts.map((a) => html`<li><strong>${Math.round(a.percent)}%</strong> (${a.score} of ${a.max_score})
              at level ${a.tier} <span class="muted">· ${when(a.created_at)}</span></li>`)}</ul>
            <p>Your next quiz: <strong>level ${perf.tier}</strong></p>`
          : html`<p class="muted">No quiz taken yet.</p>`}
        <button class="secondary" @click=${() => ctx.go('/quiz')}>Take a quiz</button>
      </section>
      <section class="card" aria-labelledby="qa-h">
        <h2 id="qa-h">Recent questions</h2>
        ${perf && perf.recent_questions.length > 0
          ? html`<ul class="plain">${perf.recent_questions.slice(0, 5).map((q) => html`<li>${q.text}</li>`)}</ul>`
          : html`<p class="muted">Nothing asked yet.</p>`}
        <button class="secondary" @click=${() => ctx.go('/ask')}>Ask a question</button>
      </section>
    </div>
    ${state.performanceError ? html`<p class="error" role="alert">${state.performanceError}</p>` : nothing}
    ${state.course.role === 'instructor' ? html`<section class="card" aria-labelledby="material-h"><h2 id="material-h">Course material</h2>
      <p>Answers and quizzes come only from the files you upload: PDF, Word, PowerPoint, HTML or Markdown.</p>
      <button class="secondary" @click=${() => ctx.go('/content')}>Manage content</button></section>` : nothing}
    ${state.canCreateCourse ? html`<section class="card"><h2>Another course</h2>${createForm}</section>` : nothing}
  </main>`;
}
