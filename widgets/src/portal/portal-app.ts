import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError } from '../api/api-error.js';
import { portalStyles } from './portal.styles.js';
import type { AuthOptions, CourseInfo, ListResponse, Me, Performance } from '../api/api-types.js';
import { dashboardPage } from './pages/dashboard-page.js';
import { invitePage, type InviteOutcome } from './pages/invite-page.js';
import { loginPage, type LoginProvider } from './pages/login-page.js';
import { brandHeader, portalHeader } from './pages/portal-header.js';
import { profilePage } from './pages/profile-page.js';
import { noAccessPage, notFoundPage } from './pages/simple-pages.js';
import { parseRoute, type Route } from './router.js';
import { type PortalSession, SessionStore } from './session-store.js';
import type { PortalHost } from './portal-host.js';
import { finishOidcSignIn, loadAuthOptions, loadProvider, signIn, signInWithEmail, signInWithLink, signInWithProvider } from './screens/sign-in.js';
import { acceptInvite, loadInvite, signInForInvite } from './screens/invite.js';
import { createCourse, createTenant, widgetScreen } from './screens/workspace.js';

/**
 * The standalone demo portal: sign-in, tenant and course pickers, dashboard, and the same `tg-*` widgets
 * an LMS shows, with history routing so every screen has a URL. This file holds the state, the navigation and
 * the session every screen shares; each screen's steps are in `screens/` and its markup in `pages/`.
 *
 * @tag tg-portal
 */
export class TgPortal extends LitElement implements PortalHost {
  static override styles = portalStyles;

  /** Base URL of the API; defaults to this page's origin. */
  @property({ attribute: 'api-base' }) apiBase = location.origin;
  @property({ reflect: true }) theme?: 'light' | 'dark';

  /** @internal The portal's state, shared with the screens' modules (`PortalHost`). */
  @state() route: Route = parseRoute(location.pathname);
  /** @internal */ @state() session: PortalSession | undefined;
  /** @internal */ @state() me: Me | undefined;
  /** @internal */ @state() courses: CourseInfo[] = [];
  /** @internal */ @state() performance: Performance | undefined;
  /** @internal */ @state() message = '';
  /** @internal */ @state() error = '';
  /** @internal */ @state() busy = false;
  /** @internal */ @state() invite: InviteOutcome = { state: 'loading' };
  /** @internal What the server offers; until known, nothing demo-only is shown. */
  @state() authOptions: AuthOptions = { dev_login: false, oidc: false };
  /** @internal The organisation's "Sign in with …" button, when the page knows the organisation. */
  @state() provider: LoginProvider | undefined;
  /** @internal */ store!: SessionStore;

  override connectedCallback(): void {
    super.connectedCallback();
    this.store = new SessionStore(this.apiBase);
    this.session = this.store.load();
    window.addEventListener('popstate', this.onPopState);
    this.addEventListener('tg-session-expired', this.onExpired);
    void loadAuthOptions(this);
    void loadProvider(this);
    const link = /^#signin=([A-Za-z0-9_-]+)$/.exec(location.hash)?.[1];
    if (link) void signInWithLink(this, link);
    else if (this.route.name === 'signed-in') finishOidcSignIn(this);
    else void this.enter(this.route);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('popstate', this.onPopState);
    super.disconnectedCallback();
  }

  private onPopState = () => { void this.enter(parseRoute(location.pathname), false); };
  private onExpired = () => { this.signOut('Your session expired. Sign in again.'); };

  /** Navigates (pushing history) and loads what the screen needs. */
  go(path: string): void {
    this.message = '';
    history.pushState({}, '', path);
    void this.enter(parseRoute(path), false);
  }

  /** @internal Shows `route`: sends the signed-out to sign-in, loads the context, checks access, focuses the page. */
  async enter(route: Route, replace = true): Promise<void> {
    this.error = '';
    if (route.name === 'invite') { this.route = route; await loadInvite(this, route.token); return this.focusMain(); }
    if (!this.session && route.name !== 'login' && route.name !== 'not-found') {
      if (replace) history.replaceState({}, '', '/'); else history.pushState({}, '', '/');
      this.route = { name: 'login' };
      return this.focusMain();
    }
    if (this.session && route.name === 'login') {
      history.replaceState({}, '', '/dashboard');
      route = { name: 'dashboard' };
    }
    this.route = route;
    if (this.session) await this.loadContext();
    if ((route.name === 'admin' && !this.isTenantAdmin) || ((route.name === 'content' || route.name === 'course') && !this.isCourseInstructor)) {
      history.replaceState({}, '', '/no-access');
      this.route = { name: 'no-access' };
    }
    if (route.name === 'dashboard') await this.loadPerformance();
    this.focusMain();
  }

  /** @internal */
  async focusMain(): Promise<void> {
    await this.updateComplete;
    (this.renderRoot.querySelector('#main') as HTMLElement | null)?.focus();
  }

  /** @internal */ get client() { return this.store.client(this.session); }
  private get tenantRole() { return this.me?.memberships.find((m) => m.tenant.id === this.session?.tenantId)?.role; }
  private get isTenantAdmin() { return this.tenantRole === 'admin' || this.tenantRole === 'owner'; }
  /** @internal */ get course() { return this.courses.find((c) => c.id === this.session?.courseId) ?? this.courses[0]; }
  private get isCourseInstructor() { return this.course?.role === 'instructor'; }

  /** @internal Who is signed in, their organisations and courses; keeps the session's tenant and course valid. */
  async loadContext(): Promise<void> {
    try {
      this.me = await this.client.get<Me>('/me');
      const tenants = this.me.memberships.map((m) => m.tenant.id);
      if (!this.session!.tenantId || !tenants.includes(this.session!.tenantId)) this.updateSession({ tenantId: tenants[0], courseId: undefined });
      if (!this.session!.tenantId) { this.courses = []; return; }
      this.courses = (await this.client.get<ListResponse<CourseInfo>>('/courses')).items;
      if (!this.courses.some((c) => c.id === this.session!.courseId)) this.updateSession({ courseId: this.courses[0]?.id });
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'session-expired') return this.signOut('Your session expired. Sign in again.');
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  /** @internal The dashboard's progress for the current course. */
  async loadPerformance(): Promise<void> {
    this.performance = undefined;
    if (!this.course) return;
    try {
      this.performance = await this.client.get<Performance>(`/courses/${this.course.id}/performance`);
    } catch (error) {
      this.error = error instanceof ApiError && error.kind === 'not-found' ? '' : `Could not load your progress: ${(error as Error).message}`;
    }
  }

  /** @internal */
  updateSession(patch: Partial<PortalSession>): void {
    this.session = { ...this.session!, ...patch };
    this.store.save(this.session);
  }

  /** @internal */
  signOut(message = ''): void {
    this.store.clear();
    this.session = undefined;
    this.me = undefined;
    this.courses = [];
    this.go('/');
    this.error = message;
  }

  private header(): TemplateResult {
    return portalHeader({
      route: this.route.name, me: this.me, courses: this.courses, tenantId: this.session?.tenantId, courseId: this.course?.id,
      isTenantAdmin: this.isTenantAdmin, isCourseInstructor: this.isCourseInstructor,
    }, {
      go: (path) => this.go(path),
      onTenant: (tenantId) => { this.updateSession({ tenantId, courseId: undefined }); void this.enter(this.route); },
      onCourse: (courseId) => { this.updateSession({ courseId }); void this.enter(this.route); },
      onSkip: () => void this.focusMain(),
      onSignOut: () => this.signOut(),
    });
  }

  override render(): TemplateResult {
    const r = this.route;
    const home = () => this.go('/dashboard');
    if (r.name === 'invite') {
      return html`${this.session ? this.header() : brandHeader()}${invitePage(this.invite, {
        signedInEmail: this.me?.user.email ?? null, onAccept: () => void acceptInvite(this, r.token),
        onSignInAs: (email) => void signInForInvite(this, email, r.token), onContinue: home,
      })}`;
    }
    if (!this.session) {
      if (r.name === 'not-found') return html`${brandHeader()}${notFoundPage(() => this.go('/'))}`;
      return html`${brandHeader()}${loginPage({
        busy: this.busy, error: this.error, hasDemo: this.authOptions.dev_login, provider: this.provider,
        onPersona: (p) => void signIn(this, { persona: p }), onEmail: (email) => void signInWithEmail(this, email),
        onProvider: (slug) => void signInWithProvider(this, slug),
        onForgetProvider: () => { this.store.forgetOrg(); this.provider = undefined; },
      })}`;
    }
    let page: TemplateResult;
    switch (r.name) {
      case 'ask': case 'quiz': case 'content': case 'course': case 'admin': page = widgetScreen(this, r.name); break;
      case 'profile': page = this.me ? profilePage(this.me, { onCreateTenant: (n) => void createTenant(this, n), onSignOut: () => this.signOut(), message: this.message }) : html`<main id="main" tabindex="-1" aria-busy="true"><h1>Profile</h1></main>`; break;
      case 'no-access': page = noAccessPage(home); break;
      case 'not-found': page = notFoundPage(home); break;
      default: page = dashboardPage({
        course: this.course, courses: this.courses, performance: this.performance, performanceError: this.error,
        canCreateCourse: this.tenantRole !== undefined && this.tenantRole !== 'learner',
      }, { apiBase: this.apiBase, token: this.session.token, tenantId: this.session.tenantId ?? '', onCreateCourse: (t) => void createCourse(this, t), go: (p) => this.go(p) });
    }
    return html`${this.header()}${this.error && r.name !== 'dashboard' ? html`<p class="error" role="alert">${this.error}</p>` : nothing}${page}`;
  }
}

if (!customElements.get('tg-portal')) customElements.define('tg-portal', TgPortal);
