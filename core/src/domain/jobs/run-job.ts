import type { DbConnection } from '../../db/db-types.js';
import { isAppError } from '../../errors/app-error.js';
import { UnrecoverableJobError } from '../../errors/unrecoverable-error.js';
import type { JobContext, JobHandlerRegistry } from './job-handlers.js';
import type { JobOutcome, JobRecord } from './job.types.js';
import { JobCancelledError, JobOwnershipLostError } from './jobs.errors.js';
import { claimJob, finishAttempt, isCancelRequested, markJobCancelled, renewJobLease, setJobStage } from './jobs.repository.js';

/** Everything the state machine needs; built once per worker. */
export interface JobRunnerDeps {
  db: DbConnection;
  registry: JobHandlerRegistry;
  workerId: string;
  /** config.jobs.backoffMs: the first retry waits this long, then it doubles. */
  backoffMs: number;
  logger?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
  now?: () => Date;
  /**
   * How long a claim holds the job without renewal; renewed every third of it while the handler runs. A job
   * whose lease ran out is taken as stalled (its worker died). Keep it well above the longest stretch a
   * handler may block the event loop. @defaultValue 30000
   */
  leaseMs?: number;
}

/** The lease a claim takes when `JobRunnerDeps.leaseMs` is not set. */
export const DEFAULT_JOB_LEASE_MS = 30_000;

/** App errors that say the input is wrong: retrying cannot help. */
const PERMANENT_APP_CODES = new Set(['INVALID_ARGUMENT', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'NOT_FOUND', 'FORBIDDEN']);

/**
 * Delay before retry number `attempt` (1-based attempt that just failed): backoffMs·2^(attempt−1).
 *
 * @example
 * retryDelayMs(2000, 3); // → 8000
 */
export function retryDelayMs(backoffMs: number, attempt: number): number {
  return backoffMs * 2 ** Math.max(0, attempt - 1);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function notify(deps: JobRunnerDeps, job: JobRecord | undefined, kindHandler: ((job: JobRecord) => Promise<void>) | undefined): Promise<void> {
  if (!job || !kindHandler) return;
  try {
    await kindHandler(job);
  } catch (error) {
    // The job row is the source of truth; a failed mirror is logged and shows up on the next transition.
    deps.logger?.error({ err: error, jobId: job.id }, 'job status mirror failed');
  }
}

/**
 * Runs one job through the state machine: claim (recovering a stalled one), run its handler with stage
 * reports and cancellation checks, then record `succeeded`, `failed` (bad input, no retry),
 * `retry_scheduled` (transient error, exponential backoff), `dead_lettered` (attempts used up) or
 * `cancelled`. Queue adapters call this and act on the outcome (e.g. schedule the retry).
 *
 * @example
 * const outcome = await runJob(deps, jobId); // → { status: 'succeeded' }
 */
export async function runJob(deps: JobRunnerDeps, jobId: string): Promise<JobOutcome> {
  const now = deps.now ?? (() => new Date());
  const leaseMs = deps.leaseMs ?? DEFAULT_JOB_LEASE_MS;
  const claim = await claimJob(deps.db, jobId, deps.workerId, leaseMs);
  if (!claim) return { status: 'skipped', reason: 'not claimable (finished, cancelled or unknown)' };
  if (claim.outcome === 'busy') return { status: 'skipped', reason: `held by ${claim.workerId ?? 'another worker'} under a live lease` };
  if (claim.outcome === 'dead_lettered') {
    deps.logger?.error({ jobId, kind: claim.job.kind, attempts: claim.job.attempts }, 'job dead-lettered: it stalled on its last attempt');
    const kindHandler = deps.registry.get(claim.job.kind);
    await notify(deps, claim.job, kindHandler?.onStatus?.bind(kindHandler));
    return { status: 'dead_lettered', reason: claim.job.lastError ?? 'stalled on its last attempt' };
  }
  const { job } = claim;
  const handler = deps.registry.get(job.kind);
  if (claim.previousStatus === 'stalled') deps.logger?.warn({ jobId, attempt: job.attempts }, 'recovering stalled job');

  if (job.cancelRequested) {
    await markJobCancelled(deps.db, jobId);
    return { status: 'cancelled' };
  }
  if (!handler) {
    const reason = `No handler is registered for job kind "${job.kind}".`;
    await notify(deps, await finishAttempt(deps.db, jobId, deps.workerId, { status: 'failed', lastError: reason, errorCode: 'UNKNOWN_KIND' }), undefined);
    return { status: 'failed', reason };
  }
  const onStatus = handler.onStatus?.bind(handler);
  const startedAt = Date.now();
  deps.logger?.info({ jobId, kind: job.kind, attempt: job.attempts, maxAttempts: job.maxAttempts }, 'job started');
  await notify(deps, job, onStatus);

  const throwIfStopped = (state: { cancelRequested: boolean } | undefined): void => {
    if (!state) throw new JobOwnershipLostError(jobId, deps.workerId);
    if (state.cancelRequested) throw new JobCancelledError(jobId);
  };
  const context: JobContext = {
    job, workerId: deps.workerId, attempt: job.attempts,
    async setStage(stage) {
      const state = await setJobStage(deps.db, jobId, deps.workerId, stage);
      throwIfStopped(state);
      await notify(deps, { ...job, status: stage }, onStatus);
    },
    async checkCancelled() {
      if (await isCancelRequested(deps.db, jobId)) throw new JobCancelledError(jobId);
    },
  };

  const stopHeartbeat = keepLease(deps, jobId, leaseMs);
  try {
    const result = await handler.run(context);
    const done = await finishAttempt(deps.db, jobId, deps.workerId, { status: 'succeeded', result: result ?? null });
    if (!done) return { status: 'skipped', reason: 'ownership lost before completion' };
    deps.logger?.info({ jobId, kind: job.kind, attempt: job.attempts, durationMs: Date.now() - startedAt }, 'job succeeded');
    await notify(deps, done, onStatus);
    return { status: 'succeeded' };
  } catch (error) {
    return recordFailure(deps, job, error, now(), onStatus);
  } finally {
    stopHeartbeat();
  }
}

/** Renews the lease every third of `leaseMs` while the handler runs; returns the function that stops it. */
function keepLease(deps: JobRunnerDeps, jobId: string, leaseMs: number): () => void {
  const timer = setInterval(() => {
    renewJobLease(deps.db, jobId, deps.workerId, leaseMs).then((isOwned) => {
      // Not ours any more: the handler finds out at its next stage (JobOwnershipLostError) and stops there.
      if (!isOwned) deps.logger?.warn({ jobId }, 'job lease lost: another worker took the job over or it was released');
    }, (error: unknown) => {
      // The database is unreachable: the lease may run out and another worker may take the job once it is back.
      deps.logger?.warn({ jobId, err: error }, 'job lease renewal failed');
    });
  }, Math.max(50, Math.floor(leaseMs / 3)));
  timer.unref();
  return () => clearInterval(timer);
}

async function recordFailure(
  deps: JobRunnerDeps, job: JobRecord, error: unknown, now: Date, onStatus: ((job: JobRecord) => Promise<void>) | undefined,
): Promise<JobOutcome> {
  const finish = async (end: Parameters<typeof finishAttempt>[3]): Promise<boolean> => {
    const row = await finishAttempt(deps.db, job.id, deps.workerId, end);
    await notify(deps, row, onStatus);
    return row !== undefined;
  };
  if (error instanceof JobOwnershipLostError) {
    deps.logger?.warn({ jobId: job.id, kind: job.kind }, 'job stopped: another worker owns it now');
    return { status: 'skipped', reason: error.message };
  }
  if (error instanceof JobCancelledError) {
    return (await finish({ status: 'cancelled', lastError: 'Cancelled on request.', errorCode: 'CANCELLED' }))
      ? { status: 'cancelled' } : { status: 'skipped', reason: 'ownership lost' };
  }
  const isPermanent = error instanceof UnrecoverableJobError || (isAppError(error) && PERMANENT_APP_CODES.has(error.code));
  if (isPermanent) {
    const reason = describe(error);
    const code = error instanceof UnrecoverableJobError ? error.reason : isAppError(error) ? error.code : 'BAD_INPUT';
    deps.logger?.warn({ jobId: job.id, reason, code }, 'job failed without retry');
    return (await finish({ status: 'failed', lastError: reason, errorCode: code }))
      ? { status: 'failed', reason } : { status: 'skipped', reason: 'ownership lost' };
  }
  const reason = describe(error);
  if (job.attempts >= job.maxAttempts) {
    deps.logger?.error({ jobId: job.id, err: error, attempts: job.attempts }, 'job dead-lettered');
    const message = `Gave up after ${job.attempts} attempts: ${reason}`;
    return (await finish({ status: 'dead_lettered', lastError: message, errorCode: 'DEAD_LETTERED' }))
      ? { status: 'dead_lettered', reason: message } : { status: 'skipped', reason: 'ownership lost' };
  }
  const delayMs = retryDelayMs(deps.backoffMs, job.attempts);
  deps.logger?.warn({ jobId: job.id, err: error, attempt: job.attempts, delayMs }, 'job failed; retry scheduled');
  const scheduled = await finish({ status: 'retry_scheduled', lastError: reason, errorCode: 'TRANSIENT', nextRetryAt: new Date(now.getTime() + delayMs) });
  return scheduled ? { status: 'retry_scheduled', delayMs, attempt: job.attempts } : { status: 'skipped', reason: 'ownership lost' };
}
