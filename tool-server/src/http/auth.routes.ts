import {
  AppError, DEMO_PERSONAS, DevLoginRequest, MeResponse, TokenResponse, devLogin, findUserById, listMembershipsOfUser, mintAppToken,
} from '@tutorgraph/core';
import type { ApiRouter } from './api-router.js';

const presentMemberships = (rows: Awaited<ReturnType<typeof listMembershipsOfUser>>) =>
  rows.map((m) => ({ tenant: { id: m.id, name: m.name, slug: m.slug, createdAt: m.created_at }, role: m.role }));

/** Dev login (demo only), token refresh and `GET /me`. */
export function registerAuthRoutes(api: ApiRouter): void {
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
