import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import {
  boundLoginStates, findLoginState, findLtiRegistrationByIssuer, findLtiRegistrationById, purgeExpiredLaunchState, purgeExpiredLtijsDocuments, saveLoginState,
} from '@tutorgraph/core';
import { LTIJS_LIFETIMES } from './ltijs-kysely.plugin.js';
import {
  isFramed, LOGIN_PARAMS, LOGIN_STATE_TTL_SECONDS, sendCookieCheck, setStateCookie,
} from './launch-binding.js';
import { errorPage, sendPage, storeStatePage } from './lti-pages.js';
import type { LtiRuntime } from './lti-runtime.js';
import { LAUNCH_REJECTIONS, type LaunchRejectionCode } from './verify-id-token.js';

/** Share of logins that also purge expired LTI state. */
export const PURGE_PROBABILITY = 0.01;

const random = () => randomBytes(24).toString('base64url');

/** Renders a refusal page with the right status. */
export function refuse(runtime: LtiRuntime, res: Response, code: LaunchRejectionCode | 'MISSING_LOGIN_PARAMETERS', status = 400, detail?: string): void {
  const message = code === 'MISSING_LOGIN_PARAMETERS'
    ? 'The LMS did not send the parameters an LTI 1.3 sign-in needs (iss, login_hint, target_link_uri).'
    : `${LAUNCH_REJECTIONS[code]}${detail ? ` (${detail})` : ''}`;
  runtime.deps.logger.warn({ code, detail, requestId: res.locals.requestId }, 'lti launch refused');
  sendPage(res, status, runtime.deps.config.frameAncestors, () => errorPage(code, message, String(res.locals.requestId ?? '')));
}

/**
 * OIDC third-party-initiated login (`/lti/login`, GET or POST): identifies the registration by
 * (iss, client_id), refuses unknown platforms and deployments with a page, records state + nonce, and
 * sends the browser to the platform's auth endpoint — binding the login to this browser through the
 * platform's postMessage storage when offered (`lti_storage_target`), else a partitioned cookie; inside
 * a frame the cookie is checked first, and a browser that keeps none is offered a new window
 * (see launch-binding.ts).
 *
 * @example
 * router.all('/login', (req, res) => handleLogin(runtime, req, res));
 */
export async function handleLogin(runtime: LtiRuntime, req: Request, res: Response): Promise<void> {
  const started = performance.now();
  const params = { ...(req.query as Record<string, unknown>), ...(req.body as Record<string, unknown> | undefined) };
  const text = (name: string) => (typeof params[name] === 'string' ? (params[name] as string) : undefined);
  const iss = text('iss');
  const loginHint = text('login_hint');
  const targetLinkUri = text('target_link_uri');
  if (!iss || !loginHint || !targetLinkUri) { refuse(runtime, res, 'MISSING_LOGIN_PARAMETERS'); return; }

  const { db } = runtime.deps;
  const registration = await findLtiRegistrationByIssuer(db, iss, text('client_id'), text('lti_deployment_id'));
  if (!registration) { refuse(runtime, res, 'UNKNOWN_PLATFORM', 400, iss); return; }
  const deploymentId = text('lti_deployment_id');
  if (deploymentId && !registration.deploymentIds.includes(deploymentId)) { refuse(runtime, res, 'UNKNOWN_DEPLOYMENT', 400, deploymentId); return; }

  const state = random();
  const nonce = random();
  const storageTarget = text('lti_storage_target');
  const loginParams: Record<string, string> = {};
  for (const name of LOGIN_PARAMS) { const value = text(name); if (value !== undefined) loginParams[name] = value; }
  await saveLoginState(db, {
    state, nonce, registrationId: registration.id, storage: storageTarget ? 'postmessage' : 'cookie',
    storageTarget: storageTarget ?? null, targetLinkUri, loginParams,
  }, LOGIN_STATE_TTL_SECONDS);
  await boundLoginStates(db, registration.id);
  // Housekeeping without a scheduler: about one login in a hundred clears expired states, nonces and ltijs rows.
  if (Math.random() < PURGE_PROBABILITY) {
    Promise.all([purgeExpiredLaunchState(db), purgeExpiredLtijsDocuments(db, LTIJS_LIFETIMES)])
      .catch((error: unknown) => runtime.deps.logger.error({ err: error }, 'lti state purge failed'));
  }

  const auth = new URL(registration.authLoginUrl);
  const query: Record<string, string> = {
    scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none',
    client_id: registration.clientId, redirect_uri: runtime.launchUrl(), login_hint: loginHint, state, nonce,
  };
  const messageHint = text('lti_message_hint');
  if (messageHint) query.lti_message_hint = messageHint;
  for (const [key, value] of Object.entries(query)) auth.searchParams.set(key, value);
  res.setHeader('Server-Timing', `lti-login;dur=${(performance.now() - started).toFixed(1)}`);

  if (storageTarget) {
    const fallback = `${runtime.publicUrl()}/lti/login/cookie?state=${encodeURIComponent(state)}&next=${encodeURIComponent(auth.toString())}`;
    sendPage(res, 200, runtime.deps.config.frameAncestors, (pageNonce) => storeStatePage(pageNonce, {
      target: storageTarget, platformOrigin: auth.origin, state, value: nonce, authUrl: auth.toString(), fallbackUrl: fallback,
    }));
    return;
  }
  setStateCookie(res, state);
  if (isFramed(req)) { sendCookieCheck(runtime, res, state, auth.toString(), loginParams); return; }
  res.redirect(302, auth.toString());
}

/**
 * Fallback when the platform's storage frame does not answer: bind with a cookie instead (checked when
 * framed), then continue to the auth endpoint (only to the registration's own auth URL: never an open redirect).
 *
 * @example
 * router.get('/login/cookie', (req, res) => handleCookieFallback(runtime, req, res));
 */
export async function handleCookieFallback(runtime: LtiRuntime, req: Request, res: Response): Promise<void> {
  const state = typeof req.query.state === 'string' ? req.query.state : '';
  const next = typeof req.query.next === 'string' ? req.query.next : '';
  const login = await findLoginState(runtime.deps.db, state);
  const registration = login ? await findLtiRegistrationById(runtime.deps.db, login.registrationId) : undefined;
  if (!login || !registration || !next.startsWith(`${registration.authLoginUrl}?`)) { refuse(runtime, res, 'STATE_MISMATCH'); return; }
  setStateCookie(res, state);
  if (isFramed(req)) { sendCookieCheck(runtime, res, state, next, login.loginParams ?? {}); return; }
  res.redirect(302, next);
}
