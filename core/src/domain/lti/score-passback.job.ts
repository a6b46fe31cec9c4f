import {
  attemptScoresForLink, findAttemptCourseId, findCourseLink, findPassbackForRetry, findPassbackTarget, finishPassback, notePassbackError, recordPassback,
  requeuePassback, saveLinkLineItem, setPassbackJob, type PassbackTarget,
} from './lti-services.repository.js';
import { findLtiRegistrationById } from './lti-registrations.repository.js';
import { loadMasteryAt } from '../mastery/mastery.repository.js';
import type { DbConnection } from '../../db/db-types.js';
import { AppError } from '../../errors/app-error.js';
import { UnrecoverableJobError } from '../../errors/unrecoverable-error.js';
import { type Actor } from '../identity/actor.js';
import { audit } from '../identity/audit.js';
import { requireCourseRole } from '../identity/courses.js';
import type { JobQueue } from '../../providers/queue/queue.port.js';
import { createAndEnqueueJob } from '../jobs/enqueue.js';
import type { JobHandler } from '../jobs/job-handlers.js';
import type { LinkSettings, LtiRegistration } from './launch-store.port.js';
import { isGradedLink } from './map-launch.js';
import { callPlatform, PlatformHttpError, type PlatformClientDeps } from './platform-client.js';

export const SCORE_PASSBACK_KIND = 'lti_score_passback';
const LINE_ITEM_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem';
const SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
const SCORE_MAXIMUM = 100;

/** Appends a path segment to a service URL that may carry a query string (Canvas and Moodle URLs do). */
const withPath = (url: string, segment: string) => {
  const parsed = new URL(url);
  parsed.pathname = `${parsed.pathname.replace(/\/$/, '')}/${segment}`;
  return parsed.toString();
};
const withQuery = (url: string, params: Record<string, string>) => {
  const parsed = new URL(url);
  for (const [key, value] of Object.entries(params)) parsed.searchParams.set(key, value);
  return parsed.toString();
};

/**
 * The grade to send (0–1) under the link's policy: this attempt, the best attempt, or course mastery as it stands
 * when the grade is sent (`loadMasteryAt`: the read the learner's own view uses, forgetting included).
 */
export async function policyScore(db: DbConnection, target: PassbackTarget): Promise<number> {
  const latest = target.attemptMax > 0 ? target.attemptScore / target.attemptMax : 0;
  if (target.link.gradePolicy === 'best') return Math.max(latest, ...(await attemptScoresForLink(db, target.link.id, target.userId)));
  if (target.link.gradePolicy === 'mastery') {
    const mastery = await loadMasteryAt(db, { tenantId: target.tenantId, courseId: target.courseId, userId: target.userId });
    return mastery ? mastery.course.mastery / 100 : latest;
  }
  return latest;
}

/** The link's line item: the stored one, one the LMS already has for this link, or a new one — never two. */
async function ensureLineItem(deps: PlatformClientDeps, registration: LtiRegistration, target: PassbackTarget): Promise<string> {
  if (target.link.lineItemUrl) return target.link.lineItemUrl;
  if (!target.lineItemsUrl) throw new UnrecoverableJobError('The LMS did not grant grade passback (no AGS line items endpoint) for this course.', 'NO_AGS');
  const scopes = [LINE_ITEM_SCOPE, SCORE_SCOPE];
  const { body } = await callPlatform(deps, registration, scopes, 'GET', withQuery(target.lineItemsUrl, { resource_link_id: target.link.resourceLinkId }), {
    accept: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  });
  const existing = Array.isArray(body) ? (body as { id?: string }[]).find((item) => typeof item.id === 'string') : undefined;
  if (existing?.id) return saveLinkLineItem(deps.db, target.link.id, existing.id);
  const created = await callPlatform(deps, registration, scopes, 'POST', target.lineItemsUrl, {
    accept: 'application/vnd.ims.lis.v2.lineitem+json', contentType: 'application/vnd.ims.lis.v2.lineitem+json',
    body: { scoreMaximum: SCORE_MAXIMUM, label: target.link.title || 'TutorGraph quiz', resourceLinkId: target.link.resourceLinkId, resourceId: target.link.id, tag: 'tutorgraph-quiz' },
  });
  const id = (created.body as { id?: string } | undefined)?.id;
  if (!id) throw new Error('The LMS created a line item but returned no id');
  return saveLinkLineItem(deps.db, target.link.id, id);
}

/**
 * Sends one attempt's grade to the LMS gradebook (AGS): finds or creates the link's line item and POSTs
 * a score (scoreGiven/scoreMaximum, Completed/FullyGraded, the attempt's timestamp, the learner's LMS id).
 * Idempotent per attempt: a passback already sent is not sent again. 4xx answers other than 408/429 are
 * not retried; 5xx, 429 and network errors are (by the job runner, with backoff).
 *
 * @example
 * await passbackScore(deps, tenantId, attemptId);
 */
export async function passbackScore(deps: PlatformClientDeps, tenantId: string, attemptId: string): Promise<Record<string, unknown>> {
  const target = await findPassbackTarget(deps.db, tenantId, attemptId);
  if (!target) throw new UnrecoverableJobError('This attempt was not made through a graded LMS link.', 'NOT_LTI');
  if (target.status === 'sent') return { skipped: 'already sent', scoreGiven: target.scoreGiven };
  const registration = await findLtiRegistrationById(deps.db, target.registrationId);
  if (!registration) throw new UnrecoverableJobError('The LMS registration of this course was removed.', 'NO_REGISTRATION');
  try {
    const lineItem = await ensureLineItem(deps, registration, target);
    const scoreGiven = Math.round((await policyScore(deps.db, target)) * SCORE_MAXIMUM * 100) / 100;
    await callPlatform(deps, registration, [LINE_ITEM_SCOPE, SCORE_SCOPE], 'POST', withPath(lineItem, 'scores'), {
      contentType: 'application/vnd.ims.lis.v1.score+json',
      body: {
        userId: target.sub, scoreGiven, scoreMaximum: SCORE_MAXIMUM, activityProgress: 'Completed', gradingProgress: 'FullyGraded',
        timestamp: target.attemptAt.toISOString(),
      },
    });
    await finishPassback(deps.db, target.passbackId, { status: 'sent', scoreGiven, scoreMaximum: SCORE_MAXIMUM });
    return { lineItem, scoreGiven, scoreMaximum: SCORE_MAXIMUM, policy: target.link.gradePolicy };
  } catch (error) {
    await notePassbackError(deps.db, target.passbackId, error instanceof Error ? error.message : String(error));
    if (error instanceof PlatformHttpError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429) {
      throw new UnrecoverableJobError(error.message, `LMS_${error.status}`, { cause: error });
    }
    throw error;
  }
}

/**
 * The `lti_score_passback` job handler (target: the quiz attempt). Register it with the worker's registry.
 *
 * @example
 * registry.register(createScorePassbackHandler({ db, ltiKey: config.ltiKey }));
 */
export function createScorePassbackHandler(deps: PlatformClientDeps): JobHandler {
  return { kind: SCORE_PASSBACK_KIND, run: (context) => passbackScore(deps, context.job.tenantId, context.job.targetId) };
}

/** A graded attempt, as the quiz feature's `onAttemptGraded` hook reports it. */
export interface GradedAttempt { tenantId: string; courseId: string; attemptId: string; userId: string; ltiLinkId?: string | undefined }

/**
 * Queues the grade passback of an attempt made through an LTI quiz link (from the app token's link id).
 * Attempts outside LTI, through non-quiz links, or through practice (ungraded) quiz links are ignored. Once per attempt.
 *
 * @example
 * onAttemptGraded((attempt) => queueScorePassback(db, queue, attempt, config.jobs.maxAttempts));
 */
export async function queueScorePassback(db: DbConnection, queue: JobQueue, attempt: GradedAttempt, maxAttempts?: number): Promise<string | undefined> {
  if (!attempt.ltiLinkId) return undefined;
  const link = await findCourseLink(db, attempt.tenantId, attempt.courseId, attempt.ltiLinkId);
  // A practice quiz never reaches the gradebook (it used to send 0/100 through a line item of its own).
  if (!link || link.widget !== 'quiz' || !isGradedLink(link.settings as LinkSettings, link.line_item_url)) return undefined;
  const passbackId = await recordPassback(db, { tenantId: attempt.tenantId, courseId: attempt.courseId, linkId: link.id, attemptId: attempt.attemptId, userId: attempt.userId });
  if (!passbackId) return undefined;
  const job = await createAndEnqueueJob(db, queue, {
    tenantId: attempt.tenantId, kind: SCORE_PASSBACK_KIND, targetType: 'quiz_attempt', targetId: attempt.attemptId,
    ...(maxAttempts ? { maxAttempts } : {}),
  });
  await setPassbackJob(db, passbackId, job.id);
  return job.id;
}

/**
 * An instructor retries a failed or dead-lettered grade passback: a new job for the same attempt (the
 * attempt stays the idempotency key). CONFLICT when it was sent or is still queued or running.
 *
 * @example
 * const jobId = await retryScorePassback(db, () => queue, actor, attemptId);
 */
export async function retryScorePassback(db: DbConnection, queue: () => JobQueue, actor: Actor, attemptId: string, maxAttempts?: number): Promise<string> {
  // Authorise on the attempt's course before saying anything about its passback: a learner probing attempt ids
  // gets 403 whether or not a passback exists.
  const courseId = await findAttemptCourseId(db, actor.tenantId, attemptId);
  if (!courseId) throw new AppError('NOT_FOUND', 'No such quiz attempt', { attempt_id: attemptId });
  await requireCourseRole(db, actor, courseId, 'instructor');
  const passback = await findPassbackForRetry(db, actor.tenantId, attemptId);
  if (!passback) throw new AppError('NOT_FOUND', 'No grade passback for this attempt', { attempt_id: attemptId });
  if (passback.status === 'sent') throw new AppError('CONFLICT', 'This grade was already sent to the LMS');
  if (passback.jobStatus && !['failed', 'dead_lettered', 'cancelled'].includes(passback.jobStatus)) {
    throw new AppError('CONFLICT', 'This grade passback is still queued or running', { job_status: passback.jobStatus });
  }
  // The queue is resolved only after the checks: a refused request never needs it.
  const job = await createAndEnqueueJob(db, queue(), {
    tenantId: actor.tenantId, kind: SCORE_PASSBACK_KIND, targetType: 'quiz_attempt', targetId: attemptId, ...(maxAttempts ? { maxAttempts } : {}),
  });
  await requeuePassback(db, passback.id, job.id);
  await audit(db, actor, 'lti_passback.retried', 'quiz_attempt', attemptId, { job_id: job.id });
  return job.id;
}
