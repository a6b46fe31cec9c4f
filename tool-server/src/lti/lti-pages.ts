import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import type { LtiWidget } from '@tutorgraph/core';

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
button,a.button{font:inherit;padding:.4rem 1rem}a.button{display:inline-block;background:#3b4cca;color:#fff;border-radius:4px;text-decoration:none}</style></head><body><main>${body}</main></body></html>`;

/**
 * The page shown when a launch is refused: what happened, the code to give an administrator, never a login.
 *
 * @example
 * sendPage(res, 401, fa, () => errorPage('STATE_MISMATCH', 'The launch does not match …'));
 */
export function errorPage(code: string, message: string, requestId?: string, options: { advice?: string; title?: string } = {}): string {
  const title = options.title ?? 'TutorGraph could not start';
  const next = options.advice ?? `Try opening the tool again from your course. If it keeps happening, send this code to your LMS administrator:
they may need to register this LMS or deployment with TutorGraph.`;
  return layout(title, `<div class="error" role="alert">
<h1>${escapeHtml(title)}</h1>
<p id="tg-lti-error-message">${escapeHtml(message)}</p>
<p>Error code: <code id="tg-lti-error-code">${escapeHtml(code)}</code>${requestId ? ` · request <code>${escapeHtml(requestId)}</code>` : ''}</p>
<p id="tg-lti-error-advice">${escapeHtml(next)}</p></div>`);
}

/** What the tool page needs to start the widgets. */
export interface ToolPageInput {
  apiBase: string;
  token: string;
  tokenExpiresAt: Date;
  /** Where the page renews its app token while the launch lasts, and the launch's renewal token. */
  renewUrl: string;
  renewalToken: string;
  tenantId: string;
  courseId: string;
  courseTitle: string;
  widget: LtiWidget;
  settings: Record<string, unknown>;
  role: 'instructor' | 'learner';
  /** Quiz links: whether attempts go to the LMS gradebook (false: practice). */
  isGraded: boolean;
}

/** The widget bundle's element per link choice (see widgets/src/tutorgraph.ts). */
const WIDGET_ELEMENTS = {
  ask: 'tg-ask-panel', quiz: 'tg-quiz-runner', mastery: 'tg-mastery-meter', flashcards: 'tg-flashcards', notes: 'tg-study-notes',
} as const;
const WIDGET_NAMES = { ask: 'ask panel', quiz: 'quiz', mastery: 'mastery meter', flashcards: 'flashcards', notes: 'study notes' } as const;

/** Element attributes for a link's settings: the ones the widget reads, the rest as `data-tg-*` for styling and support. */
function widgetAttributes(settings: Record<string, unknown>): string {
  return Object.entries(settings).map(([key, value]) => {
    const name = key === 'numQuestions' ? 'questions' : `data-tg-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    return ` ${name}="${escapeHtml(String(value))}"`;
  }).join('');
}

const GRADE_POLICY_WORDS: Record<string, string> = {
  latest: 'your latest attempt', best: 'your best attempt', mastery: 'your mastery of the course',
};

/** What a learner is told about the gradebook on a quiz link. */
function gradebookNote(input: ToolPageInput): string {
  if (input.widget !== 'quiz') return '';
  if (!input.isGraded) {
    return '<p id="tg-gradebook-note" class="tg-note">Practice: nothing you do here is sent to your course gradebook.</p>';
  }
  const policy = GRADE_POLICY_WORDS[String(input.settings.gradePolicy ?? 'latest')] ?? GRADE_POLICY_WORDS.latest;
  return `<p id="tg-gradebook-note" class="tg-note">Graded: each quiz you finish sends one score out of 100 to your course gradebook — the grade follows ${escapeHtml(policy ?? '')}.</p>`;
}

/**
 * The launch page's own script: renews the app token when the API says it expired (the provider retries
 * the call with it, without reloading anything) for as long as the launch lasts, and asks the LMS frame
 * (Canvas, Moodle: `lti.frameResize`) to grow with the content instead of scrolling inside 600 px.
 */
function launchSessionScript(renewUrl: string, renewalToken: string): string {
  return `
  const provider = document.querySelector('tg-provider');
  let renewing;
  const renew = () => (renewing ??= fetch(${scriptJson(renewUrl)}, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ renewal_token: ${scriptJson(renewalToken)} }),
    }).then((response) => (response.ok ? response.json() : null)).then((body) => (body && body.token) || null)
    .catch(() => null).finally(() => { renewing = undefined; }));
  customElements.whenDefined('tg-provider').then(() => { provider.refreshToken = renew; });
  if (window.parent !== window && typeof ResizeObserver === 'function') {
    let lastHeight = 0;
    // The html element is as tall as the content; the height is no secret, and the LMS origin is unknown here.
    new ResizeObserver(() => {
      const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height > 0 && height !== lastHeight) {
        lastHeight = height;
        window.parent.postMessage({ subject: 'lti.frameResize', height }, '*');
      }
    }).observe(document.documentElement);
  }`;
}

/**
 * The tool page inside the LMS iframe: the widget bundle, a provider holding the short-lived app token
 * (renewed silently while the launch lasts, then "Reopen this activity from your course"), asking the LMS
 * to resize its frame, and the widget the link chose. Instructors land on the teacher's console, with the
 * link's widget one click away (the course console: class mastery, content upload, grades per placement,
 * roster). No cookies: the widgets send the token as a bearer header.
 *
 * @example
 * sendPage(res, 200, fa, (nonce) => toolPage(nonce, { apiBase, token, … }));
 */
export function toolPage(nonce: string, input: ToolPageInput): string {
  const element = WIDGET_ELEMENTS[input.widget];
  const attrs = widgetAttributes(input.settings);
  const isTeacher = input.role === 'instructor';
  // Teachers edit a placement's notes where they see them; learners read them.
  const editable = isTeacher && input.widget === 'notes' ? ' editable' : '';
  const widget = `<${element} course-id="${escapeHtml(input.courseId)}"${attrs}${editable}></${element}>`;
  const body = isTeacher ? `<nav class="tg-teacher-bar" aria-label="TutorGraph">
  <span>You are a teacher of <strong>${escapeHtml(input.courseTitle)}</strong>.</span>
  <button type="button" id="tg-show-console" aria-pressed="true">Teacher's console</button>
  <button type="button" id="tg-show-widget" aria-pressed="false">What learners see: the ${WIDGET_NAMES[input.widget]}</button>
</nav>
<section id="tg-console-view" aria-label="Teacher's console"><tg-course-console course-id="${escapeHtml(input.courseId)}"></tg-course-console></section>
<section id="tg-widget-view" aria-label="What learners see" hidden>${gradebookNote(input)}${widget}</section>
<script nonce="${nonce}">
  const views = { console: document.getElementById('tg-console-view'), widget: document.getElementById('tg-widget-view') };
  const buttons = { console: document.getElementById('tg-show-console'), widget: document.getElementById('tg-show-widget') };
  for (const name of ['console', 'widget']) {
    buttons[name].addEventListener('click', () => {
      for (const other of ['console', 'widget']) {
        views[other].hidden = other !== name;
        buttons[other].setAttribute('aria-pressed', String(other === name));
      }
    });
  }
</script>` : `${gradebookNote(input)}${widget}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.courseTitle)} · TutorGraph</title>
<script type="module" src="/widgets/tutorgraph.js"></script>
<style>body{margin:0;font:16px/1.5 system-ui,sans-serif}.tg-note{margin:.5rem 1rem;color:#44474f}
.tg-teacher-bar{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;padding:.5rem 1rem;border-bottom:1px solid #c4c6d0}
.tg-teacher-bar button{font:inherit;padding:.25rem .75rem}.tg-teacher-bar button[aria-pressed="true"]{font-weight:600}
#tg-console-view{padding:0 .5rem .5rem}</style></head><body>
<tg-provider api-base="${escapeHtml(input.apiBase)}" token="${escapeHtml(input.token)}" tenant-id="${escapeHtml(input.tenantId)}"
  course-id="${escapeHtml(input.courseId)}" data-course-role="${escapeHtml(input.role)}" token-expires-at="${input.tokenExpiresAt.toISOString()}"
  session-expired-message="This activity's session has ended. Reopen this activity from your course.">
  ${body}
</tg-provider>
<script nonce="${nonce}">${launchSessionScript(input.renewUrl, input.renewalToken)}</script></body></html>`;
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
    // Only platforms that offered storage (lti_storage_target) are asked, so they should answer; a busy browser or
    // LMS page can take seconds, and giving up early drops a launch that would have worked onto the cookie path.
    let resend;
    const timer = setTimeout(() => { clearTimeout(resend); window.removeEventListener('message', onMessage); reject(new Error('timeout')); }, 10000);
    function onMessage(event) {
      const m = event.data || {};
      if (event.origin !== ${scriptJson(platformOrigin)} || m.message_id !== messageId || m.subject !== subject + '.response') return;
      clearTimeout(timer); clearTimeout(resend); window.removeEventListener('message', onMessage);
      if (m.error) reject(new Error(m.error.message || 'storage error')); else resolve(m);
    }
    window.addEventListener('message', onMessage);
    // The storage frame may still be loading: a message that reaches its initial blank document is lost. Ask again,
    // with the same message id, until it answers (0.25 s, then doubling up to 2 s); a second answer is ignored.
    let wait = 250;
    (function send() {
      frame.postMessage({ subject, message_id: messageId, ...payload }, ${scriptJson(platformOrigin)});
      resend = setTimeout(send, wait);
      wait = Math.min(2000, wait * 2);
    })();
  });
}`;
}

/** Auto-submitting form (e.g. the deep-linking response back to the LMS). */
export function autoPostPage(nonce: string, action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');
  return layout('Returning to your course…', `<form id="f" method="post" action="${escapeHtml(action)}">${inputs}
<noscript><button type="submit">Continue</button></noscript></form><script nonce="${nonce}">document.getElementById('f').submit()</script>`);
}

export { escapeHtml, layout, scriptJson };
