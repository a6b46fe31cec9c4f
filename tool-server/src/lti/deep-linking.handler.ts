import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { SignJWT } from 'jose';
import { CUSTOM_PARAMS, GRADE_POLICIES, LTI_CLAIM, LTI_WIDGETS, findLtiRegistrationById, type DeepLinkSession } from '@tutorgraph/core';
import { autoPostPage, escapeHtml, layout, sendPage } from './lti-pages.js';
import type { LtiRuntime } from './lti-runtime.js';
import { refuse } from './login.handler.js';

/**
 * The content picker an instructor sees on a deep-linking launch: ask panel, quiz (tier policy, number
 * of questions, grade policy, graded or not), or mastery meter.
 *
 * @example
 * sendPage(res, 200, fa, () => pickerPage(sessionToken));
 */
export function pickerPage(sessionToken: string): string {
  const policies = GRADE_POLICIES.map((p, i) => `<label><input type="radio" name="grade_policy" value="${p}"${i === 0 ? ' checked' : ''}> ${p}</label>`).join('');
  return layout('Add TutorGraph to your course', `<h1>Add TutorGraph to your course</h1>
<form method="post" action="/lti/deep-link">
<input type="hidden" name="session" value="${escapeHtml(sessionToken)}">
<fieldset><legend>What should the link open?</legend>
<label><input type="radio" name="widget" value="ask" checked> Ask panel (questions answered from the course, with citations)</label>
<label><input type="radio" name="widget" value="quiz"> Adaptive quiz</label>
<label><input type="radio" name="widget" value="mastery"> Mastery meter</label>
<label><input type="radio" name="widget" value="flashcards"> Flashcards (spaced repetition, due cards and weak topics first)</label>
<label><input type="radio" name="widget" value="notes"> Study notes (an outline of each document, every line with its source)</label>
</fieldset>
<label>Title <input name="title" value="TutorGraph" maxlength="200" required></label>
<fieldset><legend>Quiz settings</legend>
<label>Difficulty <select name="tier_policy"><option value="adaptive">Adaptive (follows each learner)</option><option value="fixed">Fixed tier</option></select></label>
<label>Tier (when fixed) <input type="number" name="tier" min="1" max="4" value="2"></label>
<label>Number of questions <input type="number" name="num_questions" min="1" max="50" value="5"></label>
<label><input type="checkbox" name="graded" value="1" checked> Graded: send one score per finished quiz to the gradebook (untick for practice: nothing is sent)</label>
<fieldset><legend>Grade to send</legend>${policies}</fieldset>
</fieldset>
<button type="submit">Add to course</button></form>`);
}

const text = (body: Record<string, unknown>, name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
const clampInt = (value: string, min: number, max: number, fallback: number) => {
  const n = Number.parseInt(value, 10);
  return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : fallback;
};

/** The `ltiResourceLink` content item for the instructor's choice (a line item when it is a graded quiz). */
export function contentItemFor(launchUrl: string, body: Record<string, unknown>): Record<string, unknown> {
  const widget = LTI_WIDGETS.find((w) => w === text(body, 'widget')) ?? 'ask';
  const title = text(body, 'title').trim().slice(0, 200) || 'TutorGraph';
  const custom: Record<string, string> = { [CUSTOM_PARAMS.widget]: widget };
  const item: Record<string, unknown> = { type: 'ltiResourceLink', title, url: launchUrl, custom };
  if (widget === 'quiz') {
    const tierPolicy = text(body, 'tier_policy') === 'fixed' ? 'fixed' : 'adaptive';
    custom[CUSTOM_PARAMS.tierPolicy] = tierPolicy;
    if (tierPolicy === 'fixed') custom[CUSTOM_PARAMS.tier] = String(clampInt(text(body, 'tier'), 1, 4, 2));
    custom[CUSTOM_PARAMS.numQuestions] = String(clampInt(text(body, 'num_questions'), 1, 50, 5));
    const policy = GRADE_POLICIES.find((p) => p === text(body, 'grade_policy')) ?? 'latest';
    custom[CUSTOM_PARAMS.gradePolicy] = policy;
    const isGraded = text(body, 'graded') === '1';
    // Recorded on the link, so a practice quiz never sends a score (see isGradedLink).
    custom[CUSTOM_PARAMS.graded] = isGraded ? '1' : '0';
    if (isGraded) {
      item.lineItem = { scoreMaximum: 100, label: title, resourceId: `tutorgraph-quiz-${randomBytes(6).toString('hex')}`, tag: 'tutorgraph-quiz' };
    }
  }
  return item;
}

/**
 * The picker's submit (`POST /lti/deep-link`): builds the content item, signs an LtiDeepLinkingResponse
 * with the tool key (RS256, kid published at /lti/keys) and form-posts it to the platform's return URL.
 *
 * @example
 * router.post('/deep-link', (req, res) => handleDeepLinkSubmit(runtime, req, res));
 */
export async function handleDeepLinkSubmit(runtime: LtiRuntime, req: Request, res: Response): Promise<void> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  let session: DeepLinkSession;
  try {
    session = (await runtime.verify('deep-link', text(body, 'session'))) as unknown as DeepLinkSession;
  } catch {
    refuse(runtime, res, 'STATE_MISMATCH', 401, 'the content picker session expired; open it again from the LMS');
    return;
  }
  const registration = await findLtiRegistrationById(runtime.deps.db, session.registrationId);
  if (!registration) { refuse(runtime, res, 'UNKNOWN_PLATFORM'); return; }
  const key = await runtime.toolKey();
  const item = contentItemFor(runtime.launchUrl(), body);
  const jwt = await new SignJWT({
    nonce: randomBytes(16).toString('hex'),
    azp: registration.clientId,
    [LTI_CLAIM.messageType]: 'LtiDeepLinkingResponse',
    [LTI_CLAIM.version]: '1.3.0',
    [LTI_CLAIM.deploymentId]: session.deploymentId,
    [LTI_CLAIM.deepLinkingContentItems]: [item],
    ...(session.data !== undefined ? { [LTI_CLAIM.deepLinkingData]: session.data } : {}),
  }).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(registration.clientId).setAudience(registration.issuer).setIssuedAt().setExpirationTime('5m')
    .sign(key.privateKey);
  runtime.deps.logger.info({ tenantId: session.tenantId, courseId: session.courseId, widget: (item.custom as Record<string, string>)[CUSTOM_PARAMS.widget] }, 'lti deep link placed');
  sendPage(res, 200, runtime.deps.config.frameAncestors, (nonce) => autoPostPage(nonce, session.returnUrl, { JWT: jwt }));
}
