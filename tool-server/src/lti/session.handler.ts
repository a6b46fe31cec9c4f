import type { Request, Response } from 'express';
import { mintAppToken } from '@tutorgraph/core';
import { LAUNCH_LIFETIME_SECONDS, type LtiRuntime } from './lti-runtime.js';

/** Signing purpose of a launch's renewal token. */
export const RENEWAL_PURPOSE = 'app-renew';

/** Who a launch's app tokens are for (what the renewal token carries). */
export interface LaunchSession { userId: string; tenantId: string; courseId: string; role: 'instructor' | 'learner'; linkId: string | undefined }

/**
 * The renewal token handed to the tool page: lets the page get fresh app tokens for this launch until
 * the launch's lifetime ends, never longer.
 *
 * @example
 * const renewalToken = await signRenewalToken(runtime, session);
 */
export function signRenewalToken(runtime: LtiRuntime, session: LaunchSession, lifetimeSeconds = LAUNCH_LIFETIME_SECONDS): Promise<string> {
  return runtime.sign(RENEWAL_PURPOSE, { ...session }, lifetimeSeconds);
}

/**
 * `POST /lti/session/renew` with `{ renewal_token }`: a fresh app token for the same user, course and
 * link, while the launch lasts and the person is still an active member of the course. 401 otherwise:
 * the page then says "Reopen this activity from your course".
 *
 * @example
 * router.post('/session/renew', express.json(), use(handleSessionRenew));
 */
export async function handleSessionRenew(runtime: LtiRuntime, req: Request, res: Response): Promise<void> {
  res.setHeader('Cache-Control', 'no-store');
  const ended = () => res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'This launch has ended. Reopen this activity from your course.', details: {}, request_id: String(res.locals.requestId ?? '') } });
  const renewalToken = (req.body as { renewal_token?: unknown } | undefined)?.renewal_token;
  if (typeof renewalToken !== 'string') { ended(); return; }
  let session: LaunchSession & { exp?: number };
  try {
    session = (await runtime.verify(RENEWAL_PURPOSE, renewalToken)) as unknown as LaunchSession & { exp?: number };
  } catch {
    ended();
    return;
  }
  const { db, config } = runtime.deps;
  const member = await db.selectFrom('course_members').select('status').where('tenant_id', '=', session.tenantId)
    .where('course_id', '=', session.courseId).where('user_id', '=', session.userId).executeTakeFirst();
  if (member?.status !== 'active') { ended(); return; }
  const secondsLeft = Math.floor((session.exp ?? 0) - Date.now() / 1000);
  const ttl = Math.max(1, Math.min(config.appTokenTtlSeconds, 3600, secondsLeft));
  const { token, expiresAt } = await mintAppToken(config.appTokenKeys, ttl, {
    userId: session.userId, tenantId: session.tenantId, courseId: session.courseId, roles: [session.role], via: 'lti', ltiLinkId: session.linkId,
  });
  res.json({ token, expires_at: expiresAt.toISOString() });
}
