import { SignInLinkRequest, TokenResponse, mintAppToken, redeemSignInLink } from '@tutorgraph/core';
import type { ApiRouter } from './api-router.js';
import { presentMemberships } from './auth.routes.js';

/** `POST /v1/auth/sign-in-link`: redeems a one-time link (from `npm run admin -- create-owner`) for an app token. */
export function registerSignInLinkRoutes(api: ApiRouter): void {
  api.route({
    method: 'post', path: '/auth/sign-in-link', summary: 'Sign in with a one-time link issued by the operator or an admin', tags: ['auth'],
    auth: 'public', body: SignInLinkRequest, response: TokenResponse, rateLimit: 'login',
  }, async ({ deps, body }) => {
    const { user, tenantId, memberships } = await redeemSignInLink(deps.db, body.token);
    const home = memberships.find((m) => m.id === tenantId) ?? memberships[0];
    const { token, expiresAt } = await mintAppToken(deps.config.appTokenKeys, deps.config.appTokenTtlSeconds, {
      userId: user.id, roles: home ? [home.role] : [], via: 'link',
    });
    return { token, expiresAt, user, memberships: presentMemberships(memberships) };
  });
}
