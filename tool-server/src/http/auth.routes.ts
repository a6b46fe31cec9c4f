import {
  AppError, AuthOptions, DEMO_PERSONAS, DevLoginRequest, MeResponse, OidcCallbackQuery, OidcStartRequest, OidcStartResponse, OkResponse,
  SignInProvider, SignInProviderQuery, TokenResponse, devLogin, findSignInProvider, findUserById, finishOidcSignIn, isAppError,
  isOidcSignInOffered, listMembershipsOfUser, mintAppToken, startOidcSignIn,
} from '@tutorgraph/core';
import type { Request } from 'express';
import type { AppDeps } from '../deps.js';
import type { ApiRouter } from './api-router.js';

/** Binds a sign-in in flight to the browser that started it (login CSRF): HttpOnly, Lax so the provider's redirect carries it. */
const STATE_COOKIE = 'tg_oidc_state';
const oidcOptions = (deps: AppDeps) => ({ sealKey: deps.config.ltiKey, redirectUri: `${deps.config.publicUrl}/v1/auth/oidc/callback` });
const readCookie = (req: Request, name: string) =>
  (req.header('cookie') ?? '').split(';').map((c) => c.trim().split('=')).find(([k]) => k === name)?.[1];

/** Memberships as the token and /me responses show them. */
export const presentMemberships = (rows: Awaited<ReturnType<typeof listMembershipsOfUser>>) =>
  rows.map((m) => ({ tenant: { id: m.id, name: m.name, slug: m.slug, createdAt: m.created_at }, role: m.role }));

/** Dev login (demo only), OpenID Connect sign-in, token refresh and `GET /me`. */
export function registerAuthRoutes(api: ApiRouter): void {
  api.route({
    method: 'get', path: '/auth/options', summary: 'Which ways to sign in this server offers (the login page shows only those)', tags: ['auth'],
    auth: 'public', response: AuthOptions,
  }, async ({ deps }) => ({ devLogin: deps.config.devLogin, oidc: await isOidcSignInOffered(deps.db) }));

  api.route({
    method: 'get', path: '/auth/providers', summary: 'The organisation\'s sign-in button for the login page, by tenant slug or email domain (404: none)', tags: ['auth'],
    auth: 'public', query: SignInProviderQuery, response: SignInProvider, rateLimit: 'login',
  }, async ({ deps, query }) => {
    const found = await findSignInProvider(deps.db, query.org);
    if (!found) throw new AppError('NOT_FOUND', `No sign-in provider is set up for ${query.org}`);
    return { tenant: { id: found.tenantId, name: found.tenantName, slug: found.tenantSlug }, provider: { type: 'oidc' as const, name: found.providerName } };
  });

  api.route({
    method: 'post', path: '/auth/oidc/start', summary: "Start OpenID Connect sign-in at the organisation's identity provider (by email domain or invite)", tags: ['auth'],
    auth: 'public', body: OidcStartRequest, response: OidcStartResponse, rateLimit: 'login',
  }, async ({ deps, body, res }) => {
    const started = await startOidcSignIn(deps.db, oidcOptions(deps), { email: body.email, inviteToken: body.inviteToken, tenantSlug: body.tenantSlug });
    const secure = deps.config.publicUrl.startsWith('https:') ? '; Secure' : '';
    res.setHeader('Set-Cookie', `${STATE_COOKIE}=${started.state}; Path=/v1/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=600${secure}`);
    return { authorizationUrl: started.authorizationUrl, tenant: { id: started.tenantId, name: started.tenantName, slug: started.tenantSlug } };
  });

  api.route({
    method: 'get', path: '/auth/oidc/callback', summary: "The identity provider's redirect back: signs in and returns to the portal with a token in the URL fragment", tags: ['auth'],
    auth: 'public', query: OidcCallbackQuery, response: OkResponse, rateLimit: 'login',
  }, async ({ deps, query, req, res, requestId }) => {
    const portal = deps.config.publicUrl;
    res.setHeader('Set-Cookie', `${STATE_COOKIE}=; Path=/v1/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0`);
    const fail = (message: string) => { res.redirect(303, `${portal}/signed-in#${new URLSearchParams({ error: message })}`); };
    if (query.error) return fail(`The identity provider refused the sign-in: ${query.errorDescription ?? query.error}`);
    const state = query.state ?? '';
    if (!state || readCookie(req, STATE_COOKIE) !== state) return fail('This sign-in was started in another browser or has expired. Start again.');
    try {
      const signedIn = await finishOidcSignIn(deps.db, oidcOptions(deps), { state, callbackUrl: `${portal}${req.originalUrl.replace(/^[^?]*/, '/v1/auth/oidc/callback')}`, requestId });
      const { token, expiresAt } = await mintAppToken(deps.config.appTokenKeys, deps.config.appTokenTtlSeconds, {
        userId: signedIn.userId, roles: [signedIn.role], via: 'oidc',
      });
      const fragment = new URLSearchParams({ token, expires_at: expiresAt.toISOString(), tenant_id: signedIn.tenantId, ...(signedIn.courseId ? { course_id: signedIn.courseId } : {}) });
      res.redirect(303, `${portal}/signed-in#${fragment}`);
    } catch (error) {
      if (!isAppError(error) || error.code === 'INTERNAL') throw error;
      deps.logger.warn({ err: error, requestId }, 'OIDC sign-in refused');
      fail(error.message);
    }
  });

  api.route({
    method: 'post', path: '/auth/dev-login', summary: 'Demo sign-in as a persona (only when DEV_LOGIN is enabled)', tags: ['auth'],
    auth: 'public', body: DevLoginRequest, response: TokenResponse, rateLimit: 'login',
  }, async ({ deps, body }) => {
    // Disabled dev login looks like no route at all.
    if (!deps.config.devLogin) throw new AppError('NOT_FOUND', 'No route for POST /v1/auth/dev-login');
    const { user, memberships } = await devLogin(deps.db, body);
    const home = body.email ? undefined : memberships.find((m) => m.role === DEMO_PERSONAS[body.persona].role) ?? memberships[0];
    const { token, expiresAt } = await mintAppToken(deps.config.appTokenKeys, deps.config.appTokenTtlSeconds, {
      userId: user.id, roles: home ? [home.role] : [], via: 'dev',
    });
    return { token, expiresAt, user, memberships: presentMemberships(memberships) };
  });

  api.route({
    method: 'post', path: '/auth/refresh', summary: 'Exchange a valid token for a fresh one with the same binding', tags: ['auth'],
    auth: 'user', tenant: 'none', response: TokenResponse, rateLimit: 'login',
  }, async ({ deps, session }) => {
    const user = await findUserById(deps.db, session.userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'This account no longer exists');
    const { token, expiresAt } = await mintAppToken(deps.config.appTokenKeys, deps.config.appTokenTtlSeconds, {
      userId: user.id, tenantId: session.tenantId, courseId: session.courseId, roles: session.roles, via: 'refresh', ltiLinkId: session.ltiLinkId,
    });
    return { token, expiresAt, user, memberships: presentMemberships(await listMembershipsOfUser(deps.db, user.id)) };
  });

  api.route({
    method: 'get', path: '/me', summary: 'Who am I: user, memberships, current tenant', tags: ['auth'],
    auth: 'user', tenant: 'none', response: MeResponse,
  }, async ({ deps, session, req }) => {
    const user = await findUserById(deps.db, session.userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'This account no longer exists');
    const memberships = await listMembershipsOfUser(deps.db, user.id);
    const wanted = session.tenantId ?? req.header('x-tenant-id') ?? (memberships.length === 1 ? memberships[0]?.id : undefined);
    const current = memberships.find((m) => m.id === wanted);
    return {
      user, memberships: presentMemberships(memberships), currentTenantId: current?.id ?? null,
      courseId: session.courseId ?? null, role: current?.role ?? null,
    };
  });
}
