import { createRemoteJWKSet, customFetch, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { createPolicyFetch, parseLaunchClaims, STRICT_OUTBOUND_POLICY, type LaunchClaims, type LtiRegistration, type OutboundPolicy } from '@tutorgraph/core';

/** Why a launch was refused; each has its own test and its own sentence on the error page. */
export const LAUNCH_REJECTIONS = {
  UNKNOWN_PLATFORM: 'This LMS (issuer and client id) is not registered with TutorGraph.',
  UNKNOWN_DEPLOYMENT: 'This deployment of the tool is not registered with TutorGraph.',
  STATE_MISMATCH: 'The launch does not match a sign-in this browser started (state mismatch or expired).',
  MISSING_TOKEN: 'The LMS sent no id_token.',
  MALFORMED_TOKEN: 'The id_token is not a well-formed JWT.',
  ALG_NOT_ALLOWED: 'The id_token is not signed with RS256.',
  UNKNOWN_KID: 'The id_token is signed with a key the LMS does not publish.',
  BAD_SIGNATURE: 'The id_token signature does not verify.',
  WRONG_ISSUER: 'The id_token comes from a different issuer than the one that started the sign-in.',
  WRONG_AUDIENCE: 'The id_token is not addressed to this tool (aud).',
  WRONG_AZP: 'The id_token names a different authorized party (azp).',
  EXPIRED: 'The id_token has expired.',
  IAT_IN_FUTURE: 'The id_token was issued in the future (clock skew too large).',
  NONCE_MISMATCH: 'The id_token nonce is not the one this sign-in sent.',
  NONCE_REPLAY: 'This id_token was already used (replay).',
  INVALID_MESSAGE: 'The launch message is not a valid LTI 1.3 resource link or deep linking request.',
  KEYS_UNAVAILABLE: 'The LMS key set (JWKS) could not be fetched; try again in a moment.',
} as const;
export type LaunchRejectionCode = keyof typeof LAUNCH_REJECTIONS;

/** A refused launch: a code (for logs and tests) and the sentence shown to the person. */
export class LaunchRejectedError extends Error {
  constructor(readonly code: LaunchRejectionCode, options?: { cause?: unknown; detail?: string }) {
    super(`${LAUNCH_REJECTIONS[code]}${options?.detail ? ` (${options.detail})` : ''}`, { cause: options?.cause });
    this.name = 'LaunchRejectedError';
  }
}

/** Seconds of clock difference tolerated between the LMS and us. */
export const CLOCK_SKEW_SECONDS = 60;

const jwksByUrl = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
// The key set is fetched under the outbound policy (https, public addresses, size cap), like every LMS call.
const jwksFor = (url: string, policy: OutboundPolicy) => {
  const key = `${url} ${JSON.stringify(policy)}`;
  let set = jwksByUrl.get(key);
  if (!set) {
    jwksByUrl.set(key, (set = createRemoteJWKSet(new URL(url), { timeoutDuration: 5000, cooldownDuration: 30_000, [customFetch]: createPolicyFetch(policy) })));
  }
  return set;
};

export interface VerifyInput {
  idToken: string | undefined;
  registration: LtiRegistration;
  /** The nonce our login sent for this state. */
  expectedNonce: string;
  now?: Date;
  /** config.outbound; a strict https/public-only policy if absent. */
  outbound?: OutboundPolicy;
}

/**
 * Verifies a launch id_token beyond what ltijs checks: RS256 only (no `none`, no HS256 key confusion), a
 * kid the platform publishes, signature, iss, aud (and azp when several audiences or present), exp and
 * iat with a small skew, nonce equal to the one we sent, deployment registered, and the LTI message
 * shape. Replay (nonce reuse) is checked by the caller, atomically, after this passes.
 *
 * @example
 * const { claims, payload } = await verifyLaunchToken({ idToken, registration, expectedNonce });
 */
export async function verifyLaunchToken(input: VerifyInput): Promise<{ claims: LaunchClaims; payload: JWTPayload }> {
  const { idToken, registration } = input;
  if (!idToken) throw new LaunchRejectedError('MISSING_TOKEN');
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(idToken).alg;
  } catch (error) {
    throw new LaunchRejectedError('MALFORMED_TOKEN', { cause: error });
  }
  if (alg !== 'RS256') throw new LaunchRejectedError('ALG_NOT_ALLOWED', { detail: `alg ${String(alg)}` });

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, jwksFor(registration.keysetUrl, input.outbound ?? STRICT_OUTBOUND_POLICY), {
      algorithms: ['RS256'],
      clockTolerance: CLOCK_SKEW_SECONDS,
      currentDate: input.now,
      requiredClaims: ['iss', 'aud', 'exp', 'iat', 'sub', 'nonce'],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWKSNoMatchingKey) throw new LaunchRejectedError('UNKNOWN_KID', { cause: error });
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) throw new LaunchRejectedError('BAD_SIGNATURE', { cause: error });
    if (error instanceof joseErrors.JWTExpired) throw new LaunchRejectedError('EXPIRED', { cause: error });
    if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'iat') throw new LaunchRejectedError('IAT_IN_FUTURE', { cause: error });
    if (error instanceof joseErrors.JWTClaimValidationFailed) throw new LaunchRejectedError('INVALID_MESSAGE', { cause: error, detail: error.message });
    // Not a verdict on the token: the LMS key set could not be fetched or read.
    if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid || !(error instanceof joseErrors.JOSEError)) {
      throw new LaunchRejectedError('KEYS_UNAVAILABLE', { cause: error });
    }
    throw new LaunchRejectedError('BAD_SIGNATURE', { cause: error });
  }
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  // jose only rejects a future iat when maxTokenAge is set; check it ourselves.
  if (typeof payload.iat === 'number' && payload.iat > nowSeconds + CLOCK_SKEW_SECONDS) throw new LaunchRejectedError('IAT_IN_FUTURE');
  if (payload.iss !== registration.issuer) throw new LaunchRejectedError('WRONG_ISSUER', { detail: String(payload.iss) });
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(registration.clientId)) throw new LaunchRejectedError('WRONG_AUDIENCE');
  const azp = (payload as { azp?: unknown }).azp;
  if ((audiences.length > 1 || azp !== undefined) && azp !== registration.clientId) throw new LaunchRejectedError('WRONG_AZP');
  if (payload.nonce !== input.expectedNonce) throw new LaunchRejectedError('NONCE_MISMATCH');

  let claims: LaunchClaims;
  try {
    claims = parseLaunchClaims(payload as Record<string, unknown>);
  } catch (error) {
    throw new LaunchRejectedError('INVALID_MESSAGE', { cause: error, detail: error instanceof Error ? error.message.slice(0, 200) : undefined });
  }
  if (!registration.deploymentIds.includes(claims.deploymentId)) throw new LaunchRejectedError('UNKNOWN_DEPLOYMENT');
  return { claims, payload };
}
