import type { JobOutcome } from '../../domain/jobs/job.types.js';

/** What travels through a queue: ids only, never contents or secrets. The `jobs` row holds the rest. */
export interface QueuedJob { id: string; tenantId: string; kind: string }

/** Runs one job by id through the state machine (`runJob` bound to its deps). */
export type JobProcessor = (jobId: string) => Promise<JobOutcome>;

/**
 * Delivers job ids to workers. Two adapters with the same behaviour: BullMQ on Redis (many workers on
 * many machines) and an in-process runner (the embedded default). Both re-deliver a job whose worker
 * died (stalled) and schedule retries the state machine asks for.
 *
 * @example
 * await queue.enqueue({ id: job.id, tenantId, kind: job.kind });
 * await queue.start(processor); // in a worker
 */
export interface JobQueue {
  readonly kind: 'in-process' | 'bullmq';
  /** Makes the job available to workers, optionally after a delay (a scheduled retry). */
  enqueue(job: QueuedJob, options?: { delayMs?: number }): Promise<void>;
  /** Starts consuming jobs. Call once per process that should do work. */
  start(processor: JobProcessor): Promise<void>;
  /** For health checks: can jobs be queued right now? */
  isHealthy(): Promise<boolean>;
  /** Stops taking new jobs, waits for running ones, releases connections. */
  close(): Promise<void>;
}
