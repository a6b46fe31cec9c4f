import {
  ApiKey, ApiKeyParams, AppError, CreateApiKeyRequest, EMBED_TOKEN_TTL_SECONDS, EmbedTokenRequest, EmbedTokenResponse, IdParams, OkResponse,
  createApiKey, list, listApiKeys, mintAppToken, resolveEmbedUser, revokeApiKey,
} from '@tutorgraph/core';
import type { ApiRouter } from './api-router.js';

/** Per-tenant API keys (admins) and the token endpoint a host site's server calls with one. */
export function registerEmbedRoutes(api: ApiRouter): void {
  api.route({
    method: 'post', path: '/tenants/:id/api-keys', summary: 'Create an API key for a host site; the secret is returned once', tags: ['embed'],
    auth: 'user', tenant: 'path', params: IdParams, body: CreateApiKeyRequest, response: ApiKey, status: 201,
  }, ({ deps, actor, body }) => createApiKey(deps.db, actor, body));

  api.route({
    method: 'get', path: '/tenants/:id/api-keys', summary: 'API keys by prefix (never the secret)', tags: ['embed'],
    auth: 'user', tenant: 'path', params: IdParams, response: list(ApiKey),
  }, async ({ deps, actor }) => ({ items: await listApiKeys(deps.db, actor) }));

  api.route({
    method: 'delete', path: '/tenants/:id/api-keys/:keyId', summary: 'Revoke an API key: it mints nothing afterwards', tags: ['embed'],
    auth: 'user', tenant: 'path', params: ApiKeyParams, response: OkResponse,
  }, async ({ deps, actor, params }) => { await revokeApiKey(deps.db, actor, params.keyId); return { ok: true }; });

  api.route({
    method: 'post', path: '/embed/tokens',
    summary: "Mint a short-lived app token for a host site's signed-in user (server to server: Authorization: Bearer <API key>)", tags: ['embed'],
    auth: 'public', body: EmbedTokenRequest, response: EmbedTokenResponse, status: 201, rateLimit: 'login',
  }, async ({ deps, body, req, requestId }) => {
    const key = /^Bearer\s+(tgk_\S+)$/i.exec(req.header('authorization') ?? '')?.[1];
    if (!key) throw new AppError('UNAUTHENTICATED', 'Send the API key: Authorization: Bearer tgk_…');
    const who = await resolveEmbedUser(deps.db, key, { userId: body.userId, name: body.name, email: body.email, courseId: body.courseId, role: body.role }, requestId);
    const ttl = Math.min(body.ttlSeconds ?? EMBED_TOKEN_TTL_SECONDS, deps.config.appTokenTtlSeconds);
    const { token, expiresAt } = await mintAppToken(deps.config.appTokenKeys, ttl, {
      userId: who.userId, tenantId: who.tenantId, courseId: who.courseId, roles: [who.role], via: 'embed',
    });
    return { token, expiresAt, tenantId: who.tenantId, courseId: who.courseId, userId: who.userId };
  });
}
