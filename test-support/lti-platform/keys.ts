import { randomUUID } from 'node:crypto';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWK } from 'jose';

/** How the test platform signs an id_token: properly, or in one of the ways an attacker would. */
export const SIGNING_MODES = ['valid', 'bad-signature', 'unknown-kid', 'alg-none', 'hs256-public-key'] as const;
export type SigningMode = (typeof SIGNING_MODES)[number];

export interface PlatformKeys {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  publicPem: string;
  /** A second key pair the JWKS never lists: signs "bad signature" (with the real kid) and "unknown kid" tokens. */
  rogue: CryptoKey;
}

/**
 * Generates the platform's RS256 signing key (2048-bit: fast enough to make per test file).
 *
 * @example
 * const keys = await createPlatformKeys();
 */
export async function createPlatformKeys(): Promise<PlatformKeys> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const rogue = await generateKeyPair('RS256');
  const kid = `platform-${randomUUID().slice(0, 8)}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicJwk, publicPem: await exportSPKI(publicKey), rogue: rogue.privateKey };
}

/**
 * Signs a JWT payload the way `mode` says.
 *
 * @example
 * const idToken = await signPlatformJwt(keys, claims, 'valid');
 */
export async function signPlatformJwt(keys: PlatformKeys, payload: Record<string, unknown>, mode: SigningMode = 'valid'): Promise<string> {
  switch (mode) {
    case 'valid':
      return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: keys.kid, typ: 'JWT' }).sign(keys.privateKey);
    case 'bad-signature':
      return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: keys.kid, typ: 'JWT' }).sign(keys.rogue);
    case 'unknown-kid':
      return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'not-in-the-jwks', typ: 'JWT' }).sign(keys.rogue);
    case 'alg-none':
      return new UnsecuredJWT(payload).encode();
    case 'hs256-public-key':
      // The classic key-confusion attack: HMAC keyed with the (public) RSA key text.
      return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid: keys.kid, typ: 'JWT' })
        .sign(new TextEncoder().encode(keys.publicPem));
  }
}
