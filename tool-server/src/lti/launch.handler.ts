import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import {
  claimNonce, createLtiLaunchStore, findLoginState, findLtiRegistrationById, launchIntoTool, LaunchMessageRefusedError, mintLaunchToken,
  type LaunchClaims, type LaunchOutcome, type LtiRegistration,
} from '@tutorgraph/core';
import { pickerPage } from './deep-linking.handler.js';
import { newWindowPage, newWindowUrl, readStateCookie } from './launch-binding.js';
import { checkStatePage, sendPage, toolPage } from './lti-pages.js';
import type { LtiRuntime } from './lti-runtime.js';
import { refuse } from './login.handler.js';
import { signRenewalToken } from './session.handler.js';
import { LAUNCH_REJECTIONS, LaunchRejectedError, verifyLaunchToken } from './verify-id-token.js';

const TICKET_TTL_SECONDS = 120;

async function verifyForState(runtime: LtiRuntime, idToken: unknown, state: unknown) {
  const login = typeof state === 'string' ? await findLoginState(runtime.deps.db, state) : undefined;
  if (!login) throw new LaunchRejectedError('STATE_MISMATCH');
  const registration = await findLtiRegistrationById(runtime.deps.db, login.registrationId);
  if (!registration) throw new LaunchRejectedError('UNKNOWN_PLATFORM');
  const verified = await verifyLaunchToken({ idToken: typeof idToken === 'string' ? idToken : undefined, registration, expectedNonce: login.nonce, outbound: runtime.deps.config.outbound });
  return { login, registration, ...verified };
}

/** Claims the nonce (once per launch), then runs the core launch use case (mapping, what to show). */
async function completeLaunch(runtime: LtiRuntime, registration: LtiRegistration, claims: LaunchClaims, nonce: string, exp: number | undefined): Promise<LaunchOutcome> {
  const expiresAt = new Date(Math.max((exp ?? 0) * 1000, Date.now()) + 10 * 60_000);
  if (!(await claimNonce(runtime.deps.db, registration.id, nonce, expiresAt))) throw new LaunchRejectedError('NONCE_REPLAY');
  try {
    return await launchIntoTool({ store: createLtiLaunchStore(runtime.deps.db) }, registration, claims);
  } catch (error) {
    if (error instanceof LaunchMessageRefusedError) throw new LaunchRejectedError('INVALID_MESSAGE', { detail: error.detail, cause: error });
    throw error;
  }
}

async function render(runtime: LtiRuntime, res: Response, outcome: LaunchOutcome): Promise<void> {
  const { config } = runtime.deps;
  if (outcome.kind === 'picker') {
    const token = await runtime.sign('deep-link', { ...outcome.session }, 30 * 60);
    sendPage(res, 200, config.frameAncestors, () => pickerPage(token));
    return;
  }
  const { token, expiresAt } = await mintLaunchToken(config.appTokenKeys, config.appTokenTtlSeconds, outcome);
  const renewalToken = await signRenewalToken(runtime, {
    userId: outcome.userId, tenantId: outcome.tenantId, courseId: outcome.courseId, role: outcome.role, linkId: outcome.linkId,
  }, runtime.launchLifetimeSeconds);
  sendPage(res, 200, config.frameAncestors, (nonce) => toolPage(nonce, {
    apiBase: `${runtime.publicUrl()}/v1`, token, tokenExpiresAt: expiresAt, tenantId: outcome.tenantId, courseId: outcome.courseId,
    renewUrl: `${runtime.publicUrl()}/lti/session/renew`, renewalToken,
    courseTitle: outcome.courseTitle, widget: outcome.widget, settings: outcome.settings, role: outcome.role, isGraded: outcome.isGraded,
  }));
}

function handleFailure(runtime: LtiRuntime, res: Response, error: unknown): void {
  if (error instanceof LaunchRejectedError) {
    const status = error.code === 'KEYS_UNAVAILABLE' ? 503 : error.code === 'UNKNOWN_PLATFORM' || error.code === 'UNKNOWN_DEPLOYMENT' || error.code === 'INVALID_MESSAGE' ? 400 : 401;
    refuse(runtime, res, error.code, status);
    return;
  }
  throw error;
}

/**
 * The launch (`POST /lti/launch`): the platform form-posts id_token + state. Verified by our own checks
 * (see verify-id-token.ts); the login must be bound to this browser — by the state cookie, or, when the
 * platform offered postMessage storage, by a second same-origin step that reads the state back.
 *
 * @example
 * router.post('/launch', (req, res) => handleLaunch(runtime, req, res));
 */
export async function handleLaunch(runtime: LtiRuntime, req: Request, res: Response): Promise<void> {
  const started = performance.now();
  const body = (req.body ?? {}) as Record<string, unknown>;
  try {
    const { login, registration, claims, payload } = await verifyForState(runtime, body.id_token, body.state);
    const verifiedAt = performance.now();
    const cookieBound = readStateCookie(req) === login.state;
    if (!cookieBound) {
      if (login.storage !== 'postmessage' || !login.storageTarget) {
        // A real login of this browser whose cookie the frame did not keep: the way on is a new window —
        // except from Moodle, whose lti_message_hint is single-use (auth.php unsets it from the session on
        // first use): this launch spent it, so a new window reusing it would end on Moodle's "invalidrequest".
        // Then the page says to open the activity again (the framed login checks the cookie before the hint
        // is spent, so that second attempt offers a window that can still use its hint).
        const windowUrl = registration.kind === 'moodle' ? undefined : newWindowUrl(runtime.publicUrl(), login.loginParams);
        runtime.deps.logger.info({ registrationId: registration.id, isWindowOffered: Boolean(windowUrl) }, 'lti launch without its state cookie');
        sendPage(res, 401, runtime.deps.config.frameAncestors, (nonce) => newWindowPage(nonce, windowUrl));
        return;
      }
      sendPage(res, 200, runtime.deps.config.frameAncestors, (nonce) => checkStatePage(nonce, {
        target: login.storageTarget ?? '_parent', platformOrigin: new URL(registration.authLoginUrl).origin, state: login.state,
        idToken: String(body.id_token), completeUrl: `${runtime.publicUrl()}/lti/launch/complete`,
      }));
      return;
    }
    const outcome = await completeLaunch(runtime, registration, claims, String(payload.nonce), payload.exp);
    res.setHeader('Server-Timing', `lti-verify;dur=${(verifiedAt - started).toFixed(1)}, lti-map;dur=${(performance.now() - verifiedAt).toFixed(1)}`);
    await render(runtime, res, outcome);
  } catch (error) {
    handleFailure(runtime, res, error);
  }
}

/**
 * Second step of a postMessage-bound launch: a same-origin JSON request (custom header, so a cross-site
 * form cannot make it) carrying the state value read from the platform's storage. Answers with a
 * one-time URL to the page.
 *
 * @example
 * router.post('/launch/complete', express.json(), (req, res) => handleLaunchComplete(runtime, req, res));
 */
export async function handleLaunchComplete(runtime: LtiRuntime, req: Request, res: Response): Promise<void> {
  if (req.get('x-tg-lti-complete') !== '1' || !req.is('application/json')) {
    res.status(400).json({ code: 'STATE_MISMATCH', message: LAUNCH_REJECTIONS.STATE_MISMATCH });
    return;
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  try {
    const { login, registration, claims, payload } = await verifyForState(runtime, body.id_token, body.state);
    if (typeof body.storage_value !== 'string' || body.storage_value !== login.nonce) {
      throw new LaunchRejectedError('STATE_MISMATCH', { detail: 'the LMS storage does not hold this sign-in' });
    }
    const outcome = await completeLaunch(runtime, registration, claims, String(payload.nonce), payload.exp);
    const ticket = await runtime.sign('launch-ticket', { outcome, registrationId: registration.id, ticketId: randomUUID() }, TICKET_TTL_SECONDS);
    res.json({ next: `${runtime.publicUrl()}/lti/launch/ticket/${ticket}` });
  } catch (error) {
    if (error instanceof LaunchRejectedError) {
      runtime.deps.logger.warn({ code: error.code }, 'lti launch refused');
      res.status(401).json({ code: error.code, message: error.message });
      return;
    }
    throw error;
  }
}

/**
 * Shows the page a completed postMessage launch earned (ticket signed by us, two minutes, single use).
 *
 * @example
 * router.get('/launch/ticket/:ticket', (req, res) => handleLaunchTicket(runtime, req, res));
 */
export async function handleLaunchTicket(runtime: LtiRuntime, req: Request, res: Response): Promise<void> {
  let ticket: { outcome: LaunchOutcome; registrationId: string; ticketId: string };
  try {
    ticket = (await runtime.verify('launch-ticket', String(req.params.ticket))) as unknown as typeof ticket;
  } catch {
    refuse(runtime, res, 'STATE_MISMATCH', 401, 'launch link expired');
    return;
  }
  // One use only: a leaked ticket URL must not mint a second app token.
  const expiresAt = new Date(Date.now() + (TICKET_TTL_SECONDS + 60) * 1000);
  if (!(await claimNonce(runtime.deps.db, ticket.registrationId, `ticket:${ticket.ticketId}`, expiresAt))) {
    refuse(runtime, res, 'NONCE_REPLAY', 401, 'this launch link was already used');
    return;
  }
  await render(runtime, res, ticket.outcome);
}
