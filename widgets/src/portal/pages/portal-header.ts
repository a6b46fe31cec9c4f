import { html, nothing, type TemplateResult } from 'lit';
import type { CourseInfo as CourseSummary, Me } from '../../api/api-types.js';

const NAV = [
  { path: '/dashboard', label: 'Dashboard', route: 'dashboard', needs: 'any' },
  { path: '/ask', label: 'Ask', route: 'ask', needs: 'any' },
  { path: '/quiz', label: 'Quiz', route: 'quiz', needs: 'any' },
  { path: '/content', label: 'Content', route: 'content', needs: 'instructor' },
  { path: '/course', label: 'Course', route: 'course', needs: 'instructor' },
  { path: '/admin', label: 'Admin', route: 'admin', needs: 'admin' },
  { path: '/profile', label: 'Profile', route: 'profile', needs: 'any' },
] as const;

export interface HeaderState {
  route: string;
  me: Me | undefined;
  courses: CourseSummary[];
  tenantId: string | undefined;
  courseId: string | undefined;
  isTenantAdmin: boolean;
  isCourseInstructor: boolean;
}

export interface HeaderActions {
  go: (path: string) => void;
  onTenant: (tenantId: string) => void;
  onCourse: (courseId: string) => void;
  onSkip: () => void;
  onSignOut: () => void;
}

/** The signed-out bar: the brand only, so the login and invite pages still say where you are. */
export function brandHeader(): TemplateResult {
  return html`<header><div class="bar"><span class="brand">TutorGraph</span></div></header>`;
}

/**
 * The signed-in header: brand, main navigation, who is signed in and Sign out on the first row; the organisation
 * and course you work in on the second, so neither row has to wrap on a laptop screen.
 *
 * @example
 * portalHeader({ route: 'dashboard', me, courses, tenantId, courseId, isTenantAdmin: true, isCourseInstructor: true }, actions)
 */
export function portalHeader(state: HeaderState, actions: HeaderActions): TemplateResult {
  const allowed = NAV.filter((item) => item.needs === 'any' || (item.needs === 'admin' ? state.isTenantAdmin : state.isCourseInstructor));
  const link = (path: string) => (event: Event) => { event.preventDefault(); actions.go(path); };
  const memberships = state.me?.memberships ?? [];
  const value = (event: Event) => (event.target as HTMLSelectElement).value;
  return html`
    <a class="skip" href="#main" @click=${(e: Event) => { e.preventDefault(); actions.onSkip(); }}>Skip to content</a>
    <header>
      <div class="bar">
        <a class="brand" href="/dashboard" @click=${link('/dashboard')}>TutorGraph</a>
        <nav aria-label="Main"><ul>
          ${allowed.map((item) => html`<li><a href=${item.path} aria-current=${state.route === item.route ? 'page' : nothing} @click=${link(item.path)}>${item.label}</a></li>`)}
        </ul></nav>
        ${state.me ? html`<span class="who muted">${state.me.user.name || state.me.user.email}</span>` : nothing}
        <button class="secondary" @click=${actions.onSignOut}>Sign out</button>
      </div>
      ${memberships.length > 0 ? html`<div class="context">
        <label>Organisation
          <select @change=${(e: Event) => actions.onTenant(value(e))}>
            ${memberships.map((m) => html`<option value=${m.tenant.id} ?selected=${m.tenant.id === state.tenantId}>${m.tenant.name}</option>`)}
          </select></label>
        ${state.courses.length > 0 ? html`<label>Course
          <select @change=${(e: Event) => actions.onCourse(value(e))}>
            ${state.courses.map((c) => html`<option value=${c.id} ?selected=${c.id === state.courseId}>${c.title}</option>`)}
          </select></label>` : nothing}
      </div>` : nothing}
    </header>`;
}
