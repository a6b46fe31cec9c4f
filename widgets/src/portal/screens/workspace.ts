import { html, nothing, type TemplateResult } from 'lit';
import type { CourseInfo, TenantWithRole } from '../../api/api-types.js';
import type { PortalHost } from '../portal-host.js';

/** The signed-in screens' actions: create a course (dashboard), create an organisation (profile), and the widget screens. */

export async function createCourse(host: PortalHost, title: string): Promise<void> {
  try {
    const course = await host.client.post<CourseInfo>('/courses', { title });
    host.updateSession({ courseId: course.id });
    await host.loadContext();
    await host.loadPerformance();
  } catch (error) {
    host.error = `Could not create the course: ${(error as Error).message}`;
  }
}

export async function createTenant(host: PortalHost, name: string): Promise<void> {
  try {
    const tenant = await host.client.post<TenantWithRole>('/tenants', { name });
    host.updateSession({ tenantId: tenant.id, courseId: undefined });
    await host.loadContext();
    host.message = `Created ${tenant.name}; it is now your current organisation.`;
  } catch (error) {
    host.error = `Could not create the organisation: ${(error as Error).message}`;
  }
}

/** `tg-admin-documents` lives in the admin console's lazy chunk; the Content page loads it on first use. */
function loadDocumentsElement(host: PortalHost): void {
  if (customElements.get('tg-admin-documents')) return;
  import('../../components/admin-console/internal/admin-console-app.js').catch((cause: unknown) => {
    host.error = `Could not load the content manager: ${cause instanceof Error ? cause.message : String(cause)}`;
  });
}

/** A screen that is one `tg-*` widget (Ask, Quiz, Content, Course console, Admin) inside a provider with the session. */
export function widgetScreen(host: PortalHost, tag: 'ask' | 'quiz' | 'content' | 'course' | 'admin'): TemplateResult {
  const course = host.course;
  const s = host.session!;
  if (!course && tag !== 'admin') return html`<main id="main" tabindex="-1"><h1>No course selected</h1><p>Pick or create a course on the dashboard first.</p></main>`;
  const titles = { ask: 'Ask the course', quiz: 'Practice quiz', content: 'Course content', course: 'Course console', admin: 'Administration' };
  if (tag === 'content') loadDocumentsElement(host);
  // The teacher's console (#19) is its own lazy chunk; inside this shadow root it is imported, not discovered.
  if (tag === 'course') import('../../components/course-console/course-console.js').catch((cause: unknown) => { host.error = `Could not load the course console: ${String(cause)}`; });
  const inner = {
    ask: html`<tg-ask-panel course-id=${course?.id ?? ''}></tg-ask-panel>`,
    quiz: html`<tg-quiz-runner course-id=${course?.id ?? ''}></tg-quiz-runner>`,
    // Only the documents: the other console tabs (members, invites, SSO …) are the tenant admin's, under Admin.
    content: html`<tg-admin-documents course-id=${course?.id ?? ''}></tg-admin-documents>`,
    course: html`<tg-course-console course-id=${course?.id ?? ''}></tg-course-console>`,
    admin: html`<tg-admin-console course-id=${course?.id ?? ''} tenant-id=${s.tenantId ?? ''}></tg-admin-console>`,
  }[tag];
  return html`<main id="main" tabindex="-1"><h1>${titles[tag]}${course && tag !== 'admin' ? html` <span class="muted">· ${course.title}</span>` : nothing}</h1>
    <tg-provider api-base=${host.apiBase} token=${s.token} tenant-id=${s.tenantId ?? ''} course-id=${course?.id ?? ''} theme=${host.theme ?? nothing}>${inner}</tg-provider></main>`;
}
