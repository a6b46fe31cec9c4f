import { randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify, decodeProtectedHeader } from 'jose';
import type { SigningKey } from '../../config/config.js';
import { AppError } from '../../errors/app-error.js';

const ISSUER = 'tutorgraph';
const AUDIENCE = 'tutorgraph-api';

/** What an app token says about its bearer. Roles are a hint for the UI: access is checked in the database on every request. */
export interface AppTokenClaims {
  userId: string;
  tenantId?: string | undefined;
  courseId?: string | undefined;
  roles: string[];
  /** How the session started: dev login, LTI launch, invite acceptance. */
  via: 'dev' | 'lti' | 'invite' | 'refresh' | 'link' | 'oidc' | 'embed';
  /** LTI resource link, when the token came from a launch (grade passback needs it). */
  ltiLinkId?: string | undefined;
}

export interface MintedToken { token: string; expiresAt: Date }

/**
 * Signs a short-lived app token (HS256) with the first configured key, naming it by `kid` so keys can rotate.
 *
 * @example
 * const { token } = await mintAppToken(config.appTokenKeys, 3600, { userId, tenantId, roles: ['learner'], via: 'dev' });
 */
export async function mintAppToken(keys: SigningKey[], ttlSeconds: number, claims: AppTokenClaims): Promise<MintedToken> {
  const key = keys[0];
  if (!key) throw new Error('No app token signing key configured');
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  const token = await new SignJWT({
    tid: claims.tenantId, cid: claims.courseId, roles: claims.roles, via: claims.via, lnk: claims.ltiLinkId,
  })
    .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key.secret);
  return { token, expiresAt };
}

const unauthenticated = (message: string, cause?: unknown) => new AppError('UNAUTHENTICATED', message, undefined, { cause });

/**
 * Verifies an app token: known `kid`, HS256 only (so `alg: none` and algorithm swaps fail), signature,
 * issuer, audience and expiry (30 s clock skew). Any failure is UNAUTHENTICATED.
 */
export async function verifyAppToken(keys: SigningKey[], token: string): Promise<AppTokenClaims & { expiresAt: Date }> {
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(token);
    kid = header.kid;
    if (header.alg !== 'HS256') throw unauthenticated('Token algorithm not accepted');
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unauthenticated('Malformed token', error);
  }
  const key = keys.find((k) => k.kid === kid);
  if (!key) throw unauthenticated('Token signed with an unknown key');
  try {
    const { payload } = await jwtVerify(token, key.secret, {
      algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, clockTolerance: 30, requiredClaims: ['sub', 'exp', 'iat'],
    });
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return {
      userId: payload.sub as string,
      tenantId: str(payload.tid),
      courseId: str(payload.cid),
      roles: Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [],
      via: (str(payload.via) ?? 'dev') as AppTokenClaims['via'],
      ltiLinkId: str(payload.lnk),
      expiresAt: new Date((payload.exp as number) * 1000),
    };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw unauthenticated('Token expired', error);
    throw unauthenticated('Invalid token', error);
  }
}
