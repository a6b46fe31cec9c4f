import { ApiError } from '../../api/api-error.js';
import type { AuthOptions, OidcStartResponse, TokenResponse } from '../../api/api-types.js';
import type { LoginProvider } from '../pages/login-page.js';
import { parseRoute } from '../router.js';
import type { PortalHost } from '../portal-host.js';

/** The sign-in screen's steps: demo personas, email (OIDC by domain), the organisation's button, one-time links. */

/** What the server offers; until known, nothing demo-only is shown. */
export async function loadAuthOptions(host: PortalHost): Promise<void> {
  try {
    host.authOptions = await host.store.client().get<AuthOptions>('/auth/options');
  } catch (error) {
    console.warn('tg-portal: could not read the sign-in options', error);
  }
}

/**
 * The organisation's provider button: `?org=<tenant slug or email domain>` in the address (a school links
 * its people to `/?org=riverside`), else the organisation signed in with last time on this browser.
 */
export async function loadProvider(host: PortalHost): Promise<void> {
  const asked = new URLSearchParams(location.search).get('org')?.trim();
  const org = asked || host.store.loadOrg();
  if (!org) return;
  try {
    const found = await host.store.client().get<LoginProvider['found']>(`/auth/providers?org=${encodeURIComponent(org)}`);
    host.provider = { found, isRemembered: !asked };
  } catch (error) {
    if (!asked) { host.store.forgetOrg(); return; }
    host.error = error instanceof ApiError && error.status === 404
      ? `No sign-in is set up for ${asked}. Enter your email instead, or ask your administrator.`
      : `Could not look up ${asked}: ${(error as Error).message}`;
  }
}

/**
 * Back from the identity provider: the server put the app token (or what went wrong) in the URL fragment,
 * which never reaches a server log. Keep it, wipe it from the address bar, go where the sign-in leads.
 */
export function finishOidcSignIn(host: PortalHost): void {
  const params = new URLSearchParams(location.hash.slice(1));
  history.replaceState(null, '', '/');
  const token = params.get('token');
  const expiresAt = params.get('expires_at');
  if (!token || !expiresAt) {
    host.session = undefined;
    host.store.clear();
    void host.enter({ name: 'login' }).then(() => { host.error = params.get('error') ?? 'Sign-in did not finish. Try again.'; });
    return;
  }
  host.session = { token, expiresAt, tenantId: params.get('tenant_id') ?? undefined, courseId: params.get('course_id') ?? undefined };
  host.store.save(host.session);
  host.go('/dashboard');
}

/** OIDC sign-in by email (routed to the organisation by domain) or for an invite; the browser leaves for the provider. */
export async function startOidc(host: PortalHost, body: { email?: string; invite_token?: string; tenant_slug?: string }): Promise<boolean> {
  const res = await host.store.client().post<OidcStartResponse>('/auth/oidc/start', body);
  // Next time this browser shows the organisation's button straight away.
  if (!body.invite_token) host.store.rememberOrg(res.tenant.slug);
  location.assign(res.authorization_url);
  return true;
}

export async function signInWithEmail(host: PortalHost, email: string): Promise<void> {
  host.busy = true;
  host.error = '';
  try {
    await startOidc(host, { email });
  } catch (error) {
    // No provider for this domain: on a demo server, fall back to demo sign-in as that email.
    if (error instanceof ApiError && error.status === 404 && host.authOptions.dev_login) { host.busy = false; return signIn(host, { persona: 'learner', email }); }
    host.error = error instanceof ApiError ? error.message : `Sign-in failed: ${(error as Error).message}`;
    host.busy = false;
  }
}

export async function signInWithProvider(host: PortalHost, slug: string): Promise<void> {
  host.busy = true;
  host.error = '';
  try {
    await startOidc(host, { tenant_slug: slug });
  } catch (error) {
    host.error = error instanceof ApiError ? error.message : `Sign-in failed: ${(error as Error).message}`;
    host.busy = false;
  }
}

/** A one-time sign-in link (`/#signin=…`, from `npm run admin -- create-owner`): redeem it, drop it from the address bar. */
export async function signInWithLink(host: PortalHost, link: string): Promise<void> {
  history.replaceState(null, '', location.pathname);
  host.busy = true;
  try {
    const res = await host.store.client().post<TokenResponse>('/auth/sign-in-link', { token: link });
    host.session = { token: res.token, expiresAt: res.expires_at };
    host.store.save(host.session);
    host.go('/dashboard');
  } catch (error) {
    host.session = undefined;
    void host.enter(parseRoute(location.pathname));
    host.error = error instanceof ApiError ? error.message : `Sign-in failed: ${(error as Error).message}`;
  } finally {
    host.busy = false;
  }
}

/** Demo sign-in as a persona (or as an email), only where the server has dev login on. */
export async function signIn(host: PortalHost, body: { persona: string; email?: string }, then = '/dashboard'): Promise<void> {
  host.busy = true;
  host.error = '';
  try {
    const res = await host.store.client().post<TokenResponse>('/auth/dev-login', body);
    host.session = { token: res.token, expiresAt: res.expires_at };
    host.store.save(host.session);
    host.go(then);
  } catch (error) {
    host.error = error instanceof ApiError && error.status === 404
      ? 'Demo sign-in is turned off on this server. Launch TutorGraph from your LMS instead.'
      : `Sign-in failed: ${(error as Error).message}`;
  } finally {
    host.busy = false;
  }
}
