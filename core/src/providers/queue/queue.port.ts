import type { JobOutcome } from '../../domain/jobs/job.types.js';

/** What travels through a queue: ids only, never contents or secrets. The `jobs` row holds the rest. */
export interface QueuedJob { id: string; tenantId: string; kind: string }

/** Runs one job by id through the state machine (`runJob` bound to its deps). */
export type JobProcessor = (jobId: string) => Promise<JobOutcome>;

/** A task a schedule runs; it must be idempotent (a tick may run late or, after a failover, twice). */
export type ScheduledTask = () => Promise<void>;

/**
 * Delivers job ids to workers. Two adapters with the same behaviour: BullMQ on Redis (many workers on
 * many machines) and an in-process runner (the embedded default). The `jobs` table is the source of
 * truth: a message is only a wake-up call, and the job sweeper re-sends what a lost message left waiting.
 *
 * @example
 * await queue.enqueue({ id: job.id, tenantId, kind: job.kind });
 * await queue.start(processor); // in a worker
 */
export interface JobQueue {
  readonly kind: 'in-process' | 'bullmq';
  /**
   * Makes the job available to workers, optionally after a delay (a scheduled retry). Fails fast (within
   * about 1.5 s) when the queue is unreachable; callers treat that as "the sweeper will hand it over".
   */
  enqueue(job: QueuedJob, options?: { delayMs?: number; attempt?: number }): Promise<void>;
  /**
   * The sweeper's hand-over: enqueues the job unless a message for it is already waiting, delayed or
   * running. Returns true when it added one.
   */
  ensureQueued(job: QueuedJob): Promise<boolean>;
  /**
   * Runs `task` every `everyMs` once per cluster (BullMQ: a job scheduler, so N workers do not run it N
   * times). Register before or after `start`; returns a function that stops this process running it.
   */
  every(name: string, everyMs: number, task: ScheduledTask): Promise<() => void>;
  /** Starts consuming jobs. Call once per process that should do work. */
  start(processor: JobProcessor): Promise<void>;
  /** For health checks: can jobs be queued right now? */
  isHealthy(): Promise<boolean>;
  /**
   * Stops taking new jobs and waits up to `graceMs` for running ones (then stops waiting; a job still
   * running is the caller's to release), and releases connections, also when the queue is unreachable.
   */
  close(options?: { graceMs?: number }): Promise<{ isDrained: boolean }>;
}
