import { randomBytes } from 'node:crypto';
import type { Response } from 'express';

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON safe to put inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * Sends an LTI page with its own CSP: inline scripts only with this response's nonce, framing only by
 * the configured LMS origins, forms may post back to the LMS.
 *
 * @example
 * sendPage(res, 200, frameAncestors, (nonce) => `<script nonce="${nonce}">…</script>`);
 */
export function sendPage(res: Response, status: number, frameAncestors: string[], render: (nonce: string) => string): void {
  const nonce = randomBytes(16).toString('base64');
  res.setHeader('Content-Security-Policy', [
    "default-src 'self'", `script-src 'self' 'nonce-${nonce}'`, "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
    "connect-src 'self'", `frame-ancestors 'self' ${frameAncestors.join(' ')}`.trim(), "form-action 'self' http: https:", "base-uri 'none'",
  ].join('; '));
  res.setHeader('Cache-Control', 'no-store');
  res.status(status).type('html').send(render(nonce));
}

const layout = (title: string, body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:1.5rem;color:#1b1b1f}main{max-width:48rem}code{background:#f2f2f5;padding:0 .25em}
.error{border-left:4px solid #b3261e;padding:.5rem 1rem;background:#fdf1f0}fieldset{margin:1rem 0}label{display:block;margin:.25rem 0}
button{font:inherit;padding:.4rem 1rem}</style></head><body><main>${body}</main></body></html>`;

/**
 * The page shown when a launch is refused: what happened, the code to give an administrator, never a login.
 *
 * @example
 * sendPage(res, 401, fa, () => errorPage('STATE_MISMATCH', 'The launch does not match …'));
 */
export function errorPage(code: string, message: string, requestId?: string): string {
  return layout('TutorGraph could not start', `<div class="error" role="alert">
<h1>TutorGraph could not start</h1>
<p id="tg-lti-error-message">${escapeHtml(message)}</p>
<p>Error code: <code id="tg-lti-error-code">${escapeHtml(code)}</code>${requestId ? ` · request <code>${escapeHtml(requestId)}</code>` : ''}</p>
<p>Try opening the tool again from your course. If it keeps happening, send this code to your LMS administrator:
they may need to register this LMS or deployment with TutorGraph.</p></div>`);
}

/** What the tool page needs to start the widgets. */
export interface ToolPageInput {
  apiBase: string;
  token: string;
  tokenExpiresAt: Date;
  tenantId: string;
  courseId: string;
  courseTitle: string;
  widget: 'ask' | 'quiz' | 'mastery' | 'flashcards';
  settings: Record<string, unknown>;
  role: string;
}

/** The widget bundle's element per link choice (see widgets/src/tutorgraph.ts). */
const WIDGET_ELEMENTS = {
  ask: 'tg-ask-panel', quiz: 'tg-quiz-runner', mastery: 'tg-mastery-meter', flashcards: 'tg-flashcards',
} as const;

/** Element attributes for a link's settings: the ones the widget reads, the rest as `data-tg-*` for styling and support. */
function widgetAttributes(settings: Record<string, unknown>): string {
  return Object.entries(settings).map(([key, value]) => {
    const name = key === 'numQuestions' ? 'questions' : `data-tg-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    return ` ${name}="${escapeHtml(String(value))}"`;
  }).join('');
}

/**
 * The tool page inside the LMS iframe: the widget bundle, a provider holding the short-lived app token,
 * and the widget the link chose. No cookies: the widgets send the token as a bearer header.
 *
 * @example
 * sendPage(res, 200, fa, () => toolPage({ apiBase, token, … }));
 */
export function toolPage(input: ToolPageInput): string {
  const element = WIDGET_ELEMENTS[input.widget];
  const attrs = widgetAttributes(input.settings);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.courseTitle)} · TutorGraph</title>
<script type="module" src="/widgets/tutorgraph.js"></script>
<style>body{margin:0;font:16px/1.5 system-ui,sans-serif}</style></head><body>
<tg-provider api-base="${escapeHtml(input.apiBase)}" token="${escapeHtml(input.token)}" tenant-id="${escapeHtml(input.tenantId)}"
  course-id="${escapeHtml(input.courseId)}" role="${escapeHtml(input.role)}" token-expires-at="${input.tokenExpiresAt.toISOString()}">
  <${element} course-id="${escapeHtml(input.courseId)}"${attrs}></${element}>
</tg-provider></body></html>`;
}

/**
 * Login step with LTI client-side postMessage storage: stores the state in the platform's storage frame
 * (`lti.put_data`), then goes on to the platform's auth endpoint. Falls back to a cookie when the
 * platform does not answer.
 */
export function storeStatePage(nonce: string, input: { target: string; platformOrigin: string; state: string; value: string; authUrl: string; fallbackUrl: string }): string {
  return layout('Signing in…', `<p>Signing in to TutorGraph…</p>
<script nonce="${nonce}">${postMessageClient(input.target, input.platformOrigin)}
ltiCall('lti.put_data', { key: 'state_' + ${scriptJson(input.state)}, value: ${scriptJson(input.value)} })
  .then(() => { window.location.replace(${scriptJson(input.authUrl)}); })
  .catch(() => { window.location.replace(${scriptJson(input.fallbackUrl)}); });
</script>`);
}

/**
 * Launch step with postMessage storage: reads the state back from the platform (`lti.get_data`) and
 * completes the launch with a same-origin JSON request (a cross-site form cannot forge it).
 */
export function checkStatePage(nonce: string, input: { target: string; platformOrigin: string; state: string; idToken: string; completeUrl: string }): string {
  return layout('Signing in…', `<p id="status">Checking your sign-in…</p>
<script nonce="${nonce}">${postMessageClient(input.target, input.platformOrigin)}
const state = ${scriptJson(input.state)};
ltiCall('lti.get_data', { key: 'state_' + state })
  .then((reply) => fetch(${scriptJson(input.completeUrl)}, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-tg-lti-complete': '1' },
    body: JSON.stringify({ id_token: ${scriptJson(input.idToken)}, state, storage_value: reply.value ?? null }),
  }))
  .then(async (response) => {
    const body = await response.json();
    if (body.next) window.location.replace(body.next);
    else document.getElementById('status').textContent = body.message || 'Sign-in failed.';
  })
  .catch(() => { document.getElementById('status').textContent = 'Your LMS did not confirm this sign-in. Open the tool again from your course.'; });
</script>`);
}

function postMessageClient(target: string, platformOrigin: string): string {
  return `
function ltiCall(subject, payload) {
  const frame = ${scriptJson(target)} === '_parent' ? window.parent : window.parent.frames[${scriptJson(target)}];
  const messageId = crypto.randomUUID();
  return new Promise((resolve, reject) => {
    if (!frame) { reject(new Error('no storage frame')); return; }
    const timer = setTimeout(() => { window.removeEventListener('message', onMessage); reject(new Error('timeout')); }, 3000);
    function onMessage(event) {
      const m = event.data || {};
      if (event.origin !== ${scriptJson(platformOrigin)} || m.message_id !== messageId || m.subject !== subject + '.response') return;
      clearTimeout(timer); window.removeEventListener('message', onMessage);
      if (m.error) reject(new Error(m.error.message || 'storage error')); else resolve(m);
    }
    window.addEventListener('message', onMessage);
    frame.postMessage({ subject, message_id: messageId, ...payload }, ${scriptJson(platformOrigin)});
  });
}`;
}

/** Auto-submitting form (e.g. the deep-linking response back to the LMS). */
export function autoPostPage(nonce: string, action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');
  return layout('Returning to your course…', `<form id="f" method="post" action="${escapeHtml(action)}">${inputs}
<noscript><button type="submit">Continue</button></noscript></form><script nonce="${nonce}">document.getElementById('f').submit()</script>`);
}

export { escapeHtml, layout };
