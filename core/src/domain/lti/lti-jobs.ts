import type { DbConnection } from '../../db/db-types.js';
import type { JobQueue } from '../../providers/queue/queue.port.js';
import type { JobHandler } from '../jobs/job-handlers.js';
import type { PlatformClientDeps } from './platform-client.js';
import { createRosterSyncHandler } from './roster-sync.job.js';
import { createScorePassbackHandler, queueScorePassback, type GradedAttempt } from './score-passback.job.js';

/**
 * The LTI job handlers (grade passback, roster sync) for a worker's registry.
 *
 * @example
 * createJobRuntime({ …, extraHandlers: createLtiJobHandlers({ db, ltiKey: config.ltiKey }) });
 */
export function createLtiJobHandlers(deps: PlatformClientDeps): JobHandler[] {
  return [createScorePassbackHandler(deps), createRosterSyncHandler(deps)];
}

/**
 * The quiz feature's `onAttemptGraded` hook that queues LTI grade passback.
 *
 * @example
 * submitAttempt({ db, onAttemptGraded: ltiAttemptGradedHook(db, queue, config.jobs.maxAttempts) }, …);
 */
export function ltiAttemptGradedHook(db: DbConnection, queue: JobQueue, maxAttempts?: number): (attempt: GradedAttempt) => Promise<unknown> {
  return (attempt) => queueScorePassback(db, queue, attempt, maxAttempts);
}
