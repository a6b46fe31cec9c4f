import * as oidc from 'openid-client';
import { AppError } from '../../errors/app-error.js';

/** What the relying party needs to talk to one tenant's identity provider. */
export interface OidcClientSettings { issuer: string; clientId: string; clientSecret: string }

/** The identity an ID token vouches for. */
export interface OidcIdentity { issuer: string; subject: string; email: string | undefined; emailVerified: boolean | undefined; name: string | undefined }

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const cache = new Map<string, { config: oidc.Configuration; at: number }>();
/** @defaultValue 10 minutes: discovery documents rarely change; a new secret or issuer is a new cache key. */
const DISCOVERY_TTL_MS = 10 * 60_000;

/**
 * Discovers the provider (cached). Plain HTTP is allowed only for a loopback issuer (tests, a local IdP):
 * a remote issuer must use HTTPS.
 */
async function configurationFor(settings: OidcClientSettings): Promise<oidc.Configuration> {
  const key = JSON.stringify([settings.issuer, settings.clientId, settings.clientSecret]);
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.config;
  const url = new URL(settings.issuer);
  const isInsecureAllowed = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !isInsecureAllowed) throw new AppError('INVALID_ARGUMENT', 'The identity provider must use https://');
  try {
    const config = await oidc.discovery(url, settings.clientId, undefined, oidc.ClientSecretBasic(settings.clientSecret), {
      ...(isInsecureAllowed ? { execute: [oidc.allowInsecureRequests] } : {}), timeout: 10,
    });
    cache.set(key, { config, at: Date.now() });
    return config;
  } catch (error) {
    throw new AppError('UNAVAILABLE', `The identity provider at ${settings.issuer} could not be reached`, undefined, { cause: error });
  }
}

/**
 * Builds the authorization URL for the code flow with PKCE (S256), `state` and `nonce`; returns the
 * secrets the callback needs to check the answer.
 *
 * @example
 * const { url, state, nonce, codeVerifier } = await authorizationRequest(settings, `${publicUrl}/v1/auth/oidc/callback`, 'sam@school.edu');
 */
export async function authorizationRequest(settings: OidcClientSettings, redirectUri: string, loginHint?: string) {
  const config = await configurationFor(settings);
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri, scope: 'openid email profile', response_type: 'code', state, nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: 'S256',
    ...(loginHint ? { login_hint: loginHint } : {}),
  });
  return { url: url.href, state, nonce, codeVerifier };
}

/**
 * Exchanges the code from the callback URL for tokens and validates the ID token (signature, issuer,
 * audience, expiry, nonce) — all done by openid-client. Any failure is UNAUTHENTICATED.
 */
export async function completeAuthorization(settings: OidcClientSettings, callbackUrl: string, expected: { state: string; nonce: string; codeVerifier: string }): Promise<OidcIdentity> {
  const config = await configurationFor(settings);
  try {
    const tokens = await oidc.authorizationCodeGrant(config, new URL(callbackUrl), {
      pkceCodeVerifier: expected.codeVerifier, expectedState: expected.state, expectedNonce: expected.nonce, idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('No ID token in the token response');
    // Providers that follow the spec strictly put scope claims (email, name) only in UserInfo when they issue
    // an access token: ask UserInfo then, bound to the ID token's subject.
    const claims: Record<string, unknown> = typeof idClaims.email === 'string'
      ? idClaims : { ...(await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub)), ...idClaims };
    const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
    return {
      issuer: idClaims.iss, subject: idClaims.sub, email: str(claims.email)?.toLowerCase(),
      emailVerified: typeof claims.email_verified === 'boolean' ? claims.email_verified : undefined,
      name: str(claims.name) ?? str(claims.given_name),
    };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError('UNAUTHENTICATED', `The identity provider's answer was not accepted: ${detail}`, undefined, { cause: error });
  }
}
