import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError } from '../api/api-error.js';
import { portalStyles } from './portal.styles.js';
import type {
  AcceptInviteResponse, AuthOptions, CourseInfo as CourseSummary, InvitePreview, ListResponse, Me, OidcStartResponse, Performance, TenantWithRole,
  TokenResponse,
} from '../api/api-types.js';
import { dashboardPage } from './pages/dashboard-page.js';
import { invitePage, type InviteOutcome } from './pages/invite-page.js';
import { loginPage, type LoginProvider } from './pages/login-page.js';
import { brandHeader, portalHeader } from './pages/portal-header.js';
import { profilePage } from './pages/profile-page.js';
import { noAccessPage, notFoundPage } from './pages/simple-pages.js';
import { parseRoute, type Route } from './router.js';
import { type PortalSession, SessionStore } from './session-store.js';

/**
 * The standalone demo portal: sign-in, tenant and course pickers, dashboard, and the same `tg-*` widgets
 * an LMS shows, with history routing so every screen has a URL.
 *
 * @tag tg-portal
 */
export class TgPortal extends LitElement {
  static override styles = portalStyles;

  /** Base URL of the API; defaults to this page's origin. */
  @property({ attribute: 'api-base' }) apiBase = location.origin;
  @property({ reflect: true }) theme?: 'light' | 'dark';

  @state() private route: Route = parseRoute(location.pathname);
  @state() private session: PortalSession | undefined;
  @state() private me: Me | undefined;
  @state() private courses: CourseSummary[] = [];
  @state() private performance: Performance | undefined;
  @state() private message = '';
  @state() private error = '';
  @state() private busy = false;
  @state() private invite: InviteOutcome = { state: 'loading' };
  /** What the server offers; until known, nothing demo-only is shown. */
  @state() private authOptions: AuthOptions = { dev_login: false, oidc: false };
  /** The organisation's "Sign in with …" button, when the page knows the organisation. */
  @state() private provider: LoginProvider | undefined;
  private store!: SessionStore;

  override connectedCallback(): void {
    super.connectedCallback();
    this.store = new SessionStore(this.apiBase);
    this.session = this.store.load();
    window.addEventListener('popstate', this.onPopState);
    this.addEventListener('tg-session-expired', this.onExpired);
    void this.loadAuthOptions();
    void this.loadProvider();
    const link = /^#signin=([A-Za-z0-9_-]+)$/.exec(location.hash)?.[1];
    if (link) void this.signInWithLink(link);
    else if (this.route.name === 'signed-in') this.finishOidcSignIn();
    else void this.enter(this.route);
  }

  private async loadAuthOptions(): Promise<void> {
    try {
      this.authOptions = await this.store.client().get<AuthOptions>('/auth/options');
    } catch (error) {
      console.warn('tg-portal: could not read the sign-in options', error);
    }
  }

  /**
   * The organisation's provider button: `?org=<tenant slug or email domain>` in the address (a school links
   * its people to `/?org=riverside`), else the organisation signed in with last time on this browser.
   */
  private async loadProvider(): Promise<void> {
    const asked = new URLSearchParams(location.search).get('org')?.trim();
    const org = asked || this.store.loadOrg();
    if (!org) return;
    try {
      const found = await this.store.client().get<LoginProvider['found']>(`/auth/providers?org=${encodeURIComponent(org)}`);
      this.provider = { found, isRemembered: !asked };
    } catch (error) {
      if (!asked) { this.store.forgetOrg(); return; }
      this.error = error instanceof ApiError && error.status === 404
        ? `No sign-in is set up for ${asked}. Enter your email instead, or ask your administrator.`
        : `Could not look up ${asked}: ${(error as Error).message}`;
    }
  }

  /**
   * Back from the identity provider: the server put the app token (or what went wrong) in the URL fragment,
   * which never reaches a server log. Keep it, wipe it from the address bar, go where the sign-in leads.
   */
  private finishOidcSignIn(): void {
    const params = new URLSearchParams(location.hash.slice(1));
    history.replaceState(null, '', '/');
    const token = params.get('token');
    const expiresAt = params.get('expires_at');
    if (!token || !expiresAt) {
      this.session = undefined;
      this.store.clear();
      void this.enter({ name: 'login' }).then(() => { this.error = params.get('error') ?? 'Sign-in did not finish. Try again.'; });
      return;
    }
    this.session = { token, expiresAt, tenantId: params.get('tenant_id') ?? undefined, courseId: params.get('course_id') ?? undefined };
    this.store.save(this.session);
    this.go('/dashboard');
  }

  /** OIDC sign-in by email (routed to the organisation by domain) or for an invite; the browser leaves for the provider. */
  private async startOidc(body: { email?: string; invite_token?: string; tenant_slug?: string }): Promise<boolean> {
    const res = await this.store.client().post<OidcStartResponse>('/auth/oidc/start', body);
    // Next time this browser shows the organisation's button straight away.
    if (!body.invite_token) this.store.rememberOrg(res.tenant.slug);
    location.assign(res.authorization_url);
    return true;
  }

  private async signInWithEmail(email: string): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await this.startOidc({ email });
    } catch (error) {
      // No provider for this domain: on a demo server, fall back to demo sign-in as that email.
      if (error instanceof ApiError && error.status === 404 && this.authOptions.dev_login) { this.busy = false; return this.signIn({ persona: 'learner', email }); }
      this.error = error instanceof ApiError ? error.message : `Sign-in failed: ${(error as Error).message}`;
      this.busy = false;
    }
  }

  private async signInWithProvider(slug: string): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await this.startOidc({ tenant_slug: slug });
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : `Sign-in failed: ${(error as Error).message}`;
      this.busy = false;
    }
  }

  /** A one-time sign-in link (`/#signin=…`, from `npm run admin -- create-owner`): redeem it, drop it from the address bar. */
  private async signInWithLink(link: string): Promise<void> {
    history.replaceState(null, '', location.pathname);
    this.busy = true;
    try {
      const res = await this.store.client().post<TokenResponse>('/auth/sign-in-link', { token: link });
      this.session = { token: res.token, expiresAt: res.expires_at };
      this.store.save(this.session);
      this.go('/dashboard');
    } catch (error) {
      this.session = undefined;
      void this.enter(parseRoute(location.pathname));
      this.error = error instanceof ApiError ? error.message : `Sign-in failed: ${(error as Error).message}`;
    } finally {
      this.busy = false;
    }
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

  private async enter(route: Route, replace = true): Promise<void> {
    this.error = '';
    if (route.name === 'invite') { this.route = route; await this.loadInvite(route.token); return this.focusMain(); }
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

  private async focusMain(): Promise<void> {
    await this.updateComplete;
    (this.renderRoot.querySelector('#main') as HTMLElement | null)?.focus();
  }

  private get client() { return this.store.client(this.session); }
  private get tenantRole() { return this.me?.memberships.find((m) => m.tenant.id === this.session?.tenantId)?.role; }
  private get isTenantAdmin() { return this.tenantRole === 'admin' || this.tenantRole === 'owner'; }
  private get course() { return this.courses.find((c) => c.id === this.session?.courseId) ?? this.courses[0]; }
  private get isCourseInstructor() { return this.course?.role === 'instructor'; }

  private async loadContext(): Promise<void> {
    try {
      this.me = await this.client.get<Me>('/me');
      const tenants = this.me.memberships.map((m) => m.tenant.id);
      if (!this.session!.tenantId || !tenants.includes(this.session!.tenantId)) this.updateSession({ tenantId: tenants[0], courseId: undefined });
      if (!this.session!.tenantId) { this.courses = []; return; }
      this.courses = (await this.client.get<ListResponse<CourseSummary>>('/courses')).items;
      if (!this.courses.some((c) => c.id === this.session!.courseId)) this.updateSession({ courseId: this.courses[0]?.id });
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'session-expired') return this.signOut('Your session expired. Sign in again.');
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  private async loadPerformance(): Promise<void> {
    this.performance = undefined;
    if (!this.course) return;
    try {
      this.performance = await this.client.get<Performance>(`/courses/${this.course.id}/performance`);
    } catch (error) {
      this.error = error instanceof ApiError && error.kind === 'not-found' ? '' : `Could not load your progress: ${(error as Error).message}`;
    }
  }

  private updateSession(patch: Partial<PortalSession>): void {
    this.session = { ...this.session!, ...patch };
    this.store.save(this.session);
  }

  private async signIn(body: { persona: string; email?: string }, then = '/dashboard'): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      const res = await this.store.client().post<TokenResponse>('/auth/dev-login', body);
      this.session = { token: res.token, expiresAt: res.expires_at };
      this.store.save(this.session);
      this.go(then);
    } catch (error) {
      this.error = error instanceof ApiError && error.status === 404
        ? 'Demo sign-in is turned off on this server. Launch TutorGraph from your LMS instead.'
        : `Sign-in failed: ${(error as Error).message}`;
    } finally {
      this.busy = false;
    }
  }

  private signOut(message = ''): void {
    this.store.clear();
    this.session = undefined;
    this.me = undefined;
    this.courses = [];
    this.go('/');
    this.error = message;
  }

  private async loadInvite(token: string): Promise<void> {
    this.invite = { state: 'loading' };
    try {
      if (this.session && !this.me) this.me = await this.client.get<Me>('/me');
      const invite = await this.store.client().get<InvitePreview>(`/invites/${token}`);
      this.invite = invite.status === 'pending' ? { state: 'preview', invite } : invite.status === 'accepted'
        ? { state: 'invalid' } : { state: invite.status };
    } catch (error) {
      this.invite = this.inviteError(error);
    }
  }

  private inviteError(error: unknown, tenantName = ''): InviteOutcome {
    if (!(error instanceof ApiError)) return { state: 'error', message: String(error) };
    switch (error.code) {
      case 'INVITE_INVALID': case 'INVITE_ALREADY_ACCEPTED': return { state: 'invalid' };
      case 'INVITE_EXPIRED': return { state: 'expired' };
      case 'INVITE_REVOKED': return { state: 'revoked' };
      case 'INVITE_ALREADY_MEMBER': return { state: 'already-member', tenantName };
      case 'FORBIDDEN': return { state: 'wrong-user', email: this.invite.state === 'preview' ? this.invite.invite.email : '' };
      default: return { state: 'error', message: error.message };
    }
  }

  private async acceptInvite(token: string): Promise<void> {
    const tenantName = this.invite.state === 'preview' ? this.invite.invite.tenant.name : '';
    try {
      const res = await this.client.post<AcceptInviteResponse>(`/invites/${token}/accept`, {});
      this.session = { token: res.token, expiresAt: res.expires_at, tenantId: res.tenant.id, courseId: res.course_id ?? undefined };
      this.store.save(this.session);
      // The header shows the organisation and course just joined, not the empty state from before.
      await this.loadContext();
      this.invite = { state: 'accepted', tenantName: res.tenant.name, courseTitle: this.courses.find((c) => c.id === res.course_id)?.title };
    } catch (error) {
      this.invite = this.inviteError(error, tenantName);
    }
    await this.focusMain();
  }

  private async signInForInvite(email: string, token: string): Promise<void> {
    try {
      // The invite's organisation signs its people in through its identity provider; demo servers without one use dev login.
      if (await this.startOidc({ invite_token: token })) return;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404 && this.authOptions.dev_login)) {
        this.invite = { state: 'error', message: error instanceof Error ? error.message : String(error) };
        return;
      }
    }
    const res = await this.store.client().post<TokenResponse>('/auth/dev-login', { persona: 'learner', email });
    this.session = { token: res.token, expiresAt: res.expires_at };
    this.store.save(this.session);
    this.me = await this.client.get<Me>('/me');
    await this.acceptInvite(token);
  }

  private async createCourse(title: string): Promise<void> {
    try {
      const course = await this.client.post<CourseSummary>('/courses', { title });
      this.updateSession({ courseId: course.id });
      await this.loadContext();
      await this.loadPerformance();
    } catch (error) {
      this.error = `Could not create the course: ${(error as Error).message}`;
    }
  }

  private async createTenant(name: string): Promise<void> {
    try {
      const tenant = await this.client.post<TenantWithRole>('/tenants', { name });
      this.updateSession({ tenantId: tenant.id, courseId: undefined });
      await this.loadContext();
      this.message = `Created ${tenant.name}; it is now your current organisation.`;
    } catch (error) {
      this.error = `Could not create the organisation: ${(error as Error).message}`;
    }
  }

  /** `tg-admin-documents` lives in the admin console's lazy chunk; the Content page loads it on first use. */
  private loadDocumentsElement(): void {
    if (customElements.get('tg-admin-documents')) return;
    import('../components/admin-console/internal/admin-console-app.js').catch((cause: unknown) => {
      this.error = `Could not load the content manager: ${cause instanceof Error ? cause.message : String(cause)}`;
    });
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

  private widget(tag: 'ask' | 'quiz' | 'content' | 'course' | 'admin'): TemplateResult {
    const course = this.course;
    const s = this.session!;
    if (!course && tag !== 'admin') return html`<main id="main" tabindex="-1"><h1>No course selected</h1><p>Pick or create a course on the dashboard first.</p></main>`;
    const titles = { ask: 'Ask the course', quiz: 'Practice quiz', content: 'Course content', course: 'Course console', admin: 'Administration' };
    if (tag === 'content') this.loadDocumentsElement();
    // The teacher's console (#19) is its own lazy chunk; inside this shadow root it is imported, not discovered.
    if (tag === 'course') import('../components/course-console/course-console.js').catch((cause: unknown) => { this.error = `Could not load the course console: ${String(cause)}`; });
    const inner = {
      ask: html`<tg-ask-panel course-id=${course?.id ?? ''}></tg-ask-panel>`,
      quiz: html`<tg-quiz-runner course-id=${course?.id ?? ''}></tg-quiz-runner>`,
      // Only the documents: the other console tabs (members, invites, SSO …) are the tenant admin's, under Admin.
      content: html`<tg-admin-documents course-id=${course?.id ?? ''}></tg-admin-documents>`,
      course: html`<tg-course-console course-id=${course?.id ?? ''}></tg-course-console>`,
      admin: html`<tg-admin-console course-id=${course?.id ?? ''} tenant-id=${s.tenantId ?? ''}></tg-admin-console>`,
    }[tag];
    return html`<main id="main" tabindex="-1"><h1>${titles[tag]}${course && tag !== 'admin' ? html` <span class="muted">· ${course.title}</span>` : nothing}</h1>
      <tg-provider api-base=${this.apiBase} token=${s.token} tenant-id=${s.tenantId ?? ''} course-id=${course?.id ?? ''} theme=${this.theme ?? nothing}>${inner}</tg-provider></main>`;
  }

  override render(): TemplateResult {
    const r = this.route;
    const home = () => this.go('/dashboard');
    if (r.name === 'invite') {
      return html`${this.session ? this.header() : brandHeader()}${invitePage(this.invite, {
        signedInEmail: this.me?.user.email ?? null, onAccept: () => void this.acceptInvite(r.token),
        onSignInAs: (email) => void this.signInForInvite(email, r.token), onContinue: home,
      })}`;
    }
    if (!this.session) {
      if (r.name === 'not-found') return html`${brandHeader()}${notFoundPage(() => this.go('/'))}`;
      return html`${brandHeader()}${loginPage({
        busy: this.busy, error: this.error, hasDemo: this.authOptions.dev_login, provider: this.provider,
        onPersona: (p) => void this.signIn({ persona: p }), onEmail: (email) => void this.signInWithEmail(email),
        onProvider: (slug) => void this.signInWithProvider(slug),
        onForgetProvider: () => { this.store.forgetOrg(); this.provider = undefined; },
      })}`;
    }
    let page: TemplateResult;
    switch (r.name) {
      case 'ask': case 'quiz': case 'content': case 'course': case 'admin': page = this.widget(r.name); break;
      case 'profile': page = this.me ? profilePage(this.me, { onCreateTenant: (n) => void this.createTenant(n), onSignOut: () => this.signOut(), message: this.message }) : html`<main id="main" tabindex="-1" aria-busy="true"><h1>Profile</h1></main>`; break;
      case 'no-access': page = noAccessPage(home); break;
      case 'not-found': page = notFoundPage(home); break;
      default: page = dashboardPage({
        course: this.course, courses: this.courses, performance: this.performance, performanceError: this.error,
        canCreateCourse: this.tenantRole !== undefined && this.tenantRole !== 'learner',
      }, { apiBase: this.apiBase, token: this.session.token, tenantId: this.session.tenantId ?? '', onCreateCourse: (t) => void this.createCourse(t), go: (p) => this.go(p) });
    }
    return html`${this.header()}${this.error && r.name !== 'dashboard' ? html`<p class="error" role="alert">${this.error}</p>` : nothing}${page}`;
  }
}

if (!customElements.get('tg-portal')) customElements.define('tg-portal', TgPortal);
