import { createHash } from 'node:crypto';
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import { ensureToolKey, type ToolKey } from '@tutorgraph/core';
import type { AppDeps } from '../deps.js';
import { ensureLtijs } from './ltijs-provider.js';

/** How long a launch lasts: its app token is renewed silently until then, then "Reopen this activity". */
export const LAUNCH_LIFETIME_SECONDS = 8 * 3600;

/** Everything the LTI handlers share: app deps, the tool key, and short-lived signed hand-offs. */
export interface LtiRuntime {
  deps: AppDeps;
  publicUrl(): string;
  launchUrl(): string;
  toolKey(): Promise<ToolKey>;
  /** Seconds a launch lasts: its app token is renewed silently until then (see session.handler.ts). */
  launchLifetimeSeconds: number;
  /** Signs a short-lived internal token (launch ticket, deep-linking session, registration link). */
  sign(purpose: string, payload: Record<string, unknown>, ttlSeconds: number): Promise<string>;
  /** Verifies what `sign` produced for the same purpose; throws when invalid or expired. */
  verify(purpose: string, token: string): Promise<JWTPayload>;
}

/**
 * Short-lived internal tokens signed with keys derived from LTI_KEY, one per purpose (so a launch ticket
 * never passes as a registration link).
 *
 * @example
 * const { sign } = createLtiSigner(config.ltiKey);
 */
export function createLtiSigner(ltiKey: string): Pick<LtiRuntime, 'sign' | 'verify'> {
  const keyFor = (purpose: string) => createHash('sha256').update(`tutorgraph-lti:${purpose}:${ltiKey}`).digest();
  return {
    sign: (purpose, payload, ttlSeconds) => new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256' }).setAudience(purpose).setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds).sign(keyFor(purpose)),
    verify: async (purpose, token) => (await jwtVerify(token, keyFor(purpose), { algorithms: ['HS256'], audience: purpose })).payload,
  };
}

/**
 * Builds the LTI runtime for one app: sets up the ltijs singleton (once per process) over this app's
 * database, and derives internal signing keys from LTI_KEY (one per purpose, so a ticket never passes
 * as a registration link).
 *
 * @example
 * const runtime = await createLtiRuntime(deps);
 */
export async function createLtiRuntime(
  deps: AppDeps, options: { launchLifetimeSeconds?: number } = {},
): Promise<LtiRuntime & { ltijs: Awaited<ReturnType<typeof ensureLtijs>> }> {
  const ltijs = await ensureLtijs(deps.db, deps.config.ltiKey);
  let toolKey: Promise<ToolKey> | undefined;
  return {
    deps,
    ltijs,
    // publicUrl can be set after listen (tests on port 0), so read it on every call.
    publicUrl: () => deps.config.publicUrl,
    launchUrl: () => `${deps.config.publicUrl}/lti/launch`,
    launchLifetimeSeconds: options.launchLifetimeSeconds ?? LAUNCH_LIFETIME_SECONDS,
    toolKey: () => (toolKey ??= ensureToolKey(deps.db, ltijs.encryptionKey).catch((error: unknown) => { toolKey = undefined; throw error; })),
    ...createLtiSigner(deps.config.ltiKey),
  };
}
