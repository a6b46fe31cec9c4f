import type { DbConnection } from '../../db/db-types.js';
import type { JobQueue } from '../../providers/queue/queue.port.js';
import { listJobsToHandOver } from './jobs.repository.js';

export interface JobSweeperOptions {
  db: DbConnection;
  /** Where waiting rows are handed over; `ensureQueued` makes a second hand-over of a waiting job a no-op. */
  queue: Pick<JobQueue, 'ensureQueued'>;
  /** How often to sweep. @defaultValue 5000 */
  intervalMs?: number;
  /**
   * How long a `queued` row (or a due retry) may wait for its own hand-over before the sweeper does it.
   * @defaultValue 10000
   */
  graceMs?: number;
  logger?: { warn(obj: object, msg?: string): void; info(obj: object, msg?: string): void };
}

/** A running sweeper: `sweepNow` runs one pass (tests, start-up), `stop` ends the timer and waits for a pass in flight. */
export interface JobSweeper { sweepNow(): Promise<number>; stop(): Promise<void> }

/**
 * The outbox relay. The `jobs` table is the source of truth and a queue message is only a wake-up call, so
 * a message that was never written (Redis down at upload time), got lost (Redis restarted empty) or was
 * used up (the database was down while it was delivered) must not strand the job. Every pass: a running
 * job whose lease ran out becomes `stalled`; every `stalled` job, every `queued` job older than `graceMs`
 * and every retry due `graceMs` ago is handed to the queue unless a message for it is already waiting.
 * Every worker runs one; passes are idempotent, so several at once are harmless.
 *
 * @example
 * const sweeper = startJobSweeper({ db, queue, logger });
 * await sweeper.stop();
 */
export function startJobSweeper(options: JobSweeperOptions): JobSweeper {
  const intervalMs = options.intervalMs ?? 5000;
  const graceMs = options.graceMs ?? 10_000;
  let inFlight: Promise<number> | undefined;
  let isStopped = false;
  let wasFailing = false;

  const pass = async (): Promise<number> => {
    let handedOver = 0;
    try {
      for (const job of await listJobsToHandOver(options.db, { graceMs })) {
        if (isStopped) break;
        if (await options.queue.ensureQueued({ id: job.id, tenantId: job.tenantId, kind: job.kind })) handedOver += 1;
      }
      if (wasFailing) options.logger?.info({}, 'job sweeper recovered');
      wasFailing = false;
      if (handedOver > 0) options.logger?.info({ handedOver }, 'job sweeper handed waiting jobs to the queue');
    } catch (error) {
      // The database or the queue is away; the next pass tries again. Logged once per outage, not per pass.
      if (!wasFailing) options.logger?.warn({ err: error }, 'job sweeper pass failed; retrying every pass until it succeeds');
      wasFailing = true;
    }
    return handedOver;
  };
  const sweepNow = (): Promise<number> => {
    inFlight ??= pass().finally(() => { inFlight = undefined; });
    return inFlight;
  };
  const timer = setInterval(() => { if (!isStopped) void sweepNow(); }, intervalMs);
  timer.unref();
  return {
    sweepNow,
    stop: async () => {
      isStopped = true;
      clearInterval(timer);
      await inFlight;
    },
  };
}
