import type { Request, Response } from 'express';
import { findLoginState } from '@tutorgraph/core';
import { escapeHtml, layout, scriptJson, sendPage } from './lti-pages.js';
import type { LtiRuntime } from './lti-runtime.js';

/**
 * Binding a login to the browser that started it, in the order that works across LMSs and browsers:
 * the LMS's postMessage storage when it offers one (Canvas), else a partitioned (CHIPS) cookie — the
 * only cookie Chromium keeps for a tool framed by another site (Moodle 4.5 offers no storage) — checked
 * before we leave for the LMS; when the browser keeps no cookie in the frame either (Safari, Firefox),
 * a page that starts the launch again in a new top-level window, where the cookie is first-party.
 */

/** The cookie binding a login to the browser when the platform offers no postMessage storage. */
export const STATE_COOKIE = 'tg_lti_state';
/** Seconds a login may take between our redirect and the platform's launch. */
export const LOGIN_STATE_TTL_SECONDS = 600;
/** The login initiation parameters kept to start a launch again in a new window. */
export const LOGIN_PARAMS = ['iss', 'login_hint', 'target_link_uri', 'lti_message_hint', 'client_id', 'lti_deployment_id'] as const;

/**
 * Sets the state cookie: `SameSite=None; Secure` so it survives the LMS's cross-site form post, and
 * `Partitioned` so a browser that blocks third-party cookies still keeps it for this LMS's frame.
 * (Browsers accept Secure cookies from http://localhost too.)
 */
export function setStateCookie(res: Response, state: string): void {
  res.cookie(STATE_COOKIE, state, {
    httpOnly: true, secure: true, sameSite: 'none', partitioned: true, path: '/lti', maxAge: LOGIN_STATE_TTL_SECONDS * 1000,
  });
}

/** The state cookie's value on this request, if the browser sent it. */
export function readStateCookie(req: Request): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === STATE_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** Whether the browser says this navigation happens inside a frame (Fetch Metadata; absent → top-level). */
export function isFramed(req: Request): boolean {
  return ['iframe', 'frame', 'embed', 'object'].includes(req.get('sec-fetch-dest') ?? '');
}

/** Where a new top-level window starts the same launch again (our login initiation with the LMS's parameters). */
export function newWindowUrl(publicUrl: string, loginParams: Record<string, string> | undefined): string | undefined {
  if (!loginParams?.iss || !loginParams.login_hint || !loginParams.target_link_uri) return undefined;
  return `${publicUrl}/lti/login?${new URLSearchParams(loginParams).toString()}`;
}

const newWindowSection = (windowUrl: string, hidden: boolean) => `<section id="tg-lti-new-window"${hidden ? ' hidden' : ''}>
<h1>Open TutorGraph in a new window</h1>
<p>Your browser does not let TutorGraph remember your sign-in inside this course page. Nothing is wrong with
your account: TutorGraph works in a window of its own.</p>
<p><a id="tg-lti-open-window" class="button" href="${escapeHtml(windowUrl)}" target="_blank">Open TutorGraph in a new window</a></p>
<p id="tg-lti-window-opened" hidden>TutorGraph opened in a new window. You can go on there, or come back to your course here.</p>
</section>`;

const windowScript = `document.getElementById('tg-lti-open-window').addEventListener('click', () => {
  document.getElementById('tg-lti-window-opened').hidden = false;
});`;

/**
 * The login step inside an LMS frame: the cookie was just set; ask our own server whether it came back.
 * If it did, go on to the LMS's auth endpoint; if not, offer the new window before the LMS spends its
 * one-time login hint.
 */
export function cookieCheckPage(nonce: string, input: { checkUrl: string; authUrl: string; windowUrl: string }): string {
  return layout('Signing in…', `<p id="tg-lti-checking">Signing in to TutorGraph…</p>
${newWindowSection(input.windowUrl, true)}
<script nonce="${nonce}">${windowScript}
const showWindow = () => {
  document.getElementById('tg-lti-checking').hidden = true;
  document.getElementById('tg-lti-new-window').hidden = false;
};
fetch(${scriptJson(input.checkUrl)}, { credentials: 'same-origin', headers: { 'x-tg-lti-check': '1' } })
  .then((response) => response.json())
  .then((body) => { if (body.bound === true) window.location.replace(${scriptJson(input.authUrl)}); else showWindow(); })
  .catch(showWindow);
</script>`);
}

/**
 * The launch arrived without a way to tie it to this browser (its cookie blocked in the frame after all):
 * not an error code, but the way on — a new window that starts the launch again.
 */
export function newWindowPage(nonce: string, windowUrl: string | undefined): string {
  if (!windowUrl) {
    return layout('Open TutorGraph again', `<section id="tg-lti-new-window"><h1>Open TutorGraph again</h1>
<p>Your browser did not let TutorGraph remember your sign-in inside this course page. Open the activity again
from your course; if this keeps happening, ask your LMS administrator to set TutorGraph to open in a new window.</p></section>`);
  }
  return layout('Open TutorGraph in a new window', `${newWindowSection(windowUrl, false)}
<script nonce="${nonce}">${windowScript}</script>`);
}

/**
 * `GET /lti/login/check?state=…` — whether this browser sent back the state cookie of that login (a
 * same-origin request from the check page; a custom header keeps it from being a simple cross-site read).
 *
 * @example
 * router.get('/login/check', use(handleCookieCheck));
 */
export async function handleCookieCheck(runtime: LtiRuntime, req: Request, res: Response): Promise<void> {
  res.setHeader('Cache-Control', 'no-store');
  const state = typeof req.query.state === 'string' ? req.query.state : '';
  if (req.get('x-tg-lti-check') !== '1' || !state) { res.status(400).json({ bound: false }); return; }
  const login = await findLoginState(runtime.deps.db, state);
  res.json({ bound: Boolean(login) && readStateCookie(req) === state });
}

/** Sends the check page for a framed login (the cookie is already set on `res`). */
export function sendCookieCheck(runtime: LtiRuntime, res: Response, state: string, authUrl: string, loginParams: Record<string, string>): void {
  // The login handler refuses a login without iss, login_hint and target_link_uri, so the URL exists.
  const windowUrl = newWindowUrl(runtime.publicUrl(), loginParams) ?? '';
  sendPage(res, 200, runtime.deps.config.frameAncestors, (nonce) => cookieCheckPage(nonce, {
    checkUrl: `${runtime.publicUrl()}/lti/login/check?state=${encodeURIComponent(state)}`, authUrl, windowUrl,
  }));
}
