import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { cacheAccessToken, dropCachedAccessToken, ensureToolKey, findCachedAccessToken } from './lti-keys.repository.js';
import type { DbConnection } from '../../db/db-types.js';
import { UnrecoverableJobError } from '../../errors/unrecoverable-error.js';
import type { LtiRegistration } from './launch-store.port.js';
import { toolUserAgent } from './user-agent.js';
import { outboundFetch, STRICT_OUTBOUND_POLICY, type OutboundPolicy, type OutboundResponse } from '../../net/outbound-http.js';

/**
 * An LMS service answered with an error; `retryAfterMs` when it said how long to wait (429/503). The
 * message names only the status and path: what the LMS wrote back stays in `remoteBody`, for the log,
 * never for a page or an API answer (it may be an internal service's reply).
 */
export class PlatformHttpError extends Error {
  readonly remoteBody: string;
  constructor(readonly status: number, readonly url: string, body: string, readonly retryAfterMs: number | undefined) {
    super(`The LMS answered ${status} for ${new URL(url).pathname}`);
    this.name = 'PlatformHttpError';
    this.remoteBody = body.slice(0, 2000);
  }
}

/**
 * What calling the platform needs: the database (key store, token cache), the sealing secret and the
 * outbound policy every call goes through (config.outbound; a strict https/public-only policy if absent).
 */
export interface PlatformClientDeps { db: DbConnection; ltiKey: string; outbound?: OutboundPolicy }

const send = (deps: PlatformClientDeps, url: string, init: { method: string; headers: Record<string, string>; body?: string }) =>
  outboundFetch(deps.outbound ?? STRICT_OUTBOUND_POLICY, url, { ...init, headers: { 'user-agent': toolUserAgent(), ...init.headers } });

const parseJson = (response: OutboundResponse, url: string): unknown => {
  try {
    return response.text ? (JSON.parse(response.text) as unknown) : undefined;
  } catch {
    throw new Error(`The LMS answered ${new URL(url).pathname} with something that is not JSON`, { cause: { remoteBody: response.text.slice(0, 2000) } });
  }
};

const retryAfter = (response: OutboundResponse) => {
  const value = response.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : Math.max(0, Date.parse(value) - Date.now());
};

/** The longest an LMS access token is renewed ahead of its expiry. */
export const RENEW_AHEAD_MAX_MS = 60_000;

/**
 * An access token for `scopes` from the platform's token endpoint, with a `private_key_jwt` client
 * assertion signed by the tool key; cached (sealed) and renewed ahead of its expiry — a fifth of its
 * lifetime before, at most a minute — so a call never goes out with a token about to lapse (the 401 retry in
 * `callPlatform` is for tokens the LMS revoked early).
 *
 * @example
 * const token = await getAccessToken(deps, registration, [AGS_SCORE_SCOPE]);
 */
export async function getAccessToken(deps: PlatformClientDeps, registration: LtiRegistration, scopes: string[]): Promise<string> {
  const scope = [...new Set(scopes)].sort().join(' ');
  const cached = await findCachedAccessToken(deps.db, deps.ltiKey, registration.issuer, registration.clientId, scope);
  if (cached) return cached.accessToken;
  const key = await ensureToolKey(deps.db, deps.ltiKey);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(registration.clientId).setSubject(registration.clientId).setAudience(registration.authTokenUrl)
    .setIssuedAt().setExpirationTime('5m').setJti(randomUUID())
    .sign(key.privateKey);
  const response = await send(deps, registration.authTokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion, scope,
    }).toString(),
  });
  const text = response.text;
  if (!response.ok) {
    // A refused client (400/401) will not fix itself by retrying: the registration needs an admin.
    if (response.status === 400 || response.status === 401) {
      throw new UnrecoverableJobError(`The LMS refused the tool's credentials (${response.status}): check the LTI registration`, 'LTI_AUTH', { cause: new PlatformHttpError(response.status, registration.authTokenUrl, text, undefined) });
    }
    throw new PlatformHttpError(response.status, registration.authTokenUrl, text, retryAfter(response));
  }
  const body = (parseJson(response, registration.authTokenUrl) ?? {}) as { access_token?: string; expires_in?: number };
  if (!body.access_token) throw new Error('The LMS token endpoint returned no access_token');
  const lifetimeMs = Math.max(0, body.expires_in ?? 3600) * 1000;
  const expiresAt = Date.now() + lifetimeMs;
  await cacheAccessToken(deps.db, deps.ltiKey, registration.issuer, registration.clientId, scope, {
    accessToken: body.access_token, expiresAt, renewAt: expiresAt - Math.min(RENEW_AHEAD_MAX_MS, lifetimeMs / 5),
  });
  return body.access_token;
}

/**
 * Calls an LTI Advantage service with a bearer token. Returns the parsed body (or undefined) and headers.
 * Throws PlatformHttpError for non-2xx answers.
 *
 * @example
 * const { body } = await callPlatform(deps, registration, scopes, 'GET', lineItemsUrl, { accept: LINE_ITEM_CONTAINER });
 */
export async function callPlatform(
  deps: PlatformClientDeps, registration: LtiRegistration, scopes: string[], method: 'GET' | 'POST' | 'PUT', url: string,
  options: { accept?: string; contentType?: string; body?: unknown } = {},
): Promise<{ body: unknown; headers: Headers }> {
  const call = async () => send(deps, url, {
    method,
    headers: {
      authorization: `Bearer ${await getAccessToken(deps, registration, scopes)}`,
      ...(options.accept ? { accept: options.accept } : {}),
      ...(options.body !== undefined ? { 'content-type': options.contentType ?? 'application/json' } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  let response = await call();
  if (response.status === 401) {
    // A cached token the platform no longer accepts (revoked, clock drift): forget it and ask once more.
    await dropCachedAccessToken(deps.db, registration.issuer, registration.clientId, [...new Set(scopes)].sort().join(' '));
    response = await call();
  }
  if (!response.ok) throw new PlatformHttpError(response.status, url, response.text, retryAfter(response));
  return { body: parseJson(response, url), headers: response.headers };
}
