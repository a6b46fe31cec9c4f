import type { Kysely } from 'kysely';
import { Queue, Worker, type Job } from 'bullmq';
import type { Database } from '../../db/schema.js';
import { type JobSweeper, startJobSweeper } from '../../domain/jobs/job-sweeper.js';
import type { JobProcessor, JobQueue, QueuedJob, ScheduledTask } from './queue.port.js';

export interface BullMqQueueOptions {
  /** `redis://…` (config.redisUrl). */
  redisUrl: string;
  /** @defaultValue 'tutorgraph-jobs' */
  queueName?: string;
  /** Jobs one worker process runs at once. @defaultValue 2 */
  concurrency?: number;
  /**
   * How long a worker's lock on a message lives without renewal (renewed every half of it). BullMQ re-delivers
   * a message whose lock ran out; the job row's own lease decides whether that delivery may take the job.
   * @defaultValue 6000
   */
  lockDuration?: number;
  /** How often each worker looks for messages whose lock expired. @defaultValue 4000 */
  stalledInterval?: number;
  /** Stalls tolerated before BullMQ gives up on a message; our state machine counts attempts instead. @defaultValue 20 */
  maxStalledCount?: number;
  /** Unique per process, shown in the jobs row. */
  workerName?: string;
  /** How long a producer call (enqueue, hand-over, probe) may take before it counts as failed. @defaultValue 1500 */
  producerTimeoutMs?: number;
  /** The database whose waiting jobs this worker's sweeper hands over; without it, `start` runs no sweeper. */
  db?: Kysely<Database>;
  /** How often the sweeper runs. @defaultValue 5000 */
  sweepIntervalMs?: number;
  /** How long a fresh row may wait for its own hand-over before the sweeper does it. @defaultValue 10000 */
  sweepGraceMs?: number;
  logger?: { error(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; info?(obj: object, msg?: string): void };
}

/** What we put in Redis: ids only. A schedule tick carries the schedule's name as its kind. */
interface JobData { jobId: string; tenantId: string; kind: string }

const SCHEDULE_PREFIX = 'schedule:';
const PENDING_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/** Reconnect quickly after an outage (BullMQ's default backs off to 20 s between tries). */
const retryStrategy = (times: number): number => Math.min(250 * times, 2000);

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms (is Redis reachable?)`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The production queue: BullMQ on Redis, any number of worker processes on any number of machines.
 * Messages are wake-up calls: the `jobs` row holds the state machine, a retry is a new delayed message,
 * a duplicate delivery is a no-op, and each worker's job sweeper re-sends what a lost message left
 * waiting. Producer calls fail fast (no offline queue, one try, a timeout), so a request never hangs on
 * a Redis outage; the worker's own connection waits and reconnects.
 *
 * @example
 * const queue = new BullMqQueue({ redisUrl: config.redisUrl, concurrency: config.jobs.concurrency, db });
 * await queue.start((id) => runJob(deps, id));
 */
export class BullMqQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  private readonly queue: Queue<JobData>;
  private worker: Worker<JobData> | undefined;
  private sweeper: JobSweeper | undefined;
  private readonly schedules = new Map<string, ScheduledTask>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly timeoutMs: number;
  private readonly lastErrorLogAt = new Map<string, { at: number; suppressed: number }>();

  constructor(private readonly options: BullMqQueueOptions) {
    this.timeoutMs = options.producerTimeoutMs ?? 1500;
    this.queue = new Queue<JobData>(options.queueName ?? 'tutorgraph-jobs', {
      connection: { url: options.redisUrl, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: this.timeoutMs, retryStrategy },
      defaultJobOptions: {
        // Only for failures of the runner itself (database unreachable); job failures are handled by our state machine.
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
    });
    this.queue.on('error', (error) => this.logConnectionError('queue', error));
  }

  async enqueue(job: QueuedJob, options: { delayMs?: number; attempt?: number } = {}): Promise<void> {
    // The BullMQ id makes enqueueing idempotent per attempt; ':' is not allowed in custom ids.
    const bullId = options.delayMs ? `${job.id}-retry-${options.attempt ?? Date.now()}` : job.id;
    try {
      await withTimeout(this.queue.add(job.kind || 'job', { jobId: job.id, tenantId: job.tenantId, kind: job.kind }, {
        jobId: bullId,
        ...(options.delayMs ? { delay: options.delayMs } : {}),
      }), this.timeoutMs, 'Redis');
    } catch (error) {
      this.options.logger?.warn({ err: error, jobId: job.id }, 'could not hand the job to Redis; the job sweeper will');
      throw error;
    }
  }

  async ensureQueued(job: QueuedJob): Promise<boolean> {
    const existing = await withTimeout(this.queue.getJob(job.id), this.timeoutMs, 'Redis');
    if (existing) {
      const state = await withTimeout(existing.getState(), this.timeoutMs, 'Redis');
      if (PENDING_STATES.has(state)) return false;
      // A finished or failed message with this id would swallow the add: remove it first.
      await withTimeout(existing.remove(), this.timeoutMs, 'Redis');
    }
    await this.enqueue(job);
    return true;
  }

  async every(name: string, everyMs: number, task: ScheduledTask): Promise<() => void> {
    this.schedules.set(name, task);
    const register = async (): Promise<void> => {
      await withTimeout(this.queue.upsertJobScheduler(`${SCHEDULE_PREFIX}${name}`, { every: everyMs }, {
        name: `${SCHEDULE_PREFIX}${name}`, data: { jobId: '', tenantId: '', kind: `${SCHEDULE_PREFIX}${name}` },
      }), this.timeoutMs, 'Redis');
    };
    // One scheduler per cluster, keyed by name: every worker upserts the same one. If Redis is away at
    // start-up keep trying; and since a Redis restarted without persistence forgets it, check once a minute
    // and put it back when missing (an upsert of an existing one is not repeated: it could move its next run).
    const ensure = async (): Promise<void> => {
      if (!this.schedules.has(name)) return;
      const existing = await withTimeout(this.queue.getJobScheduler(`${SCHEDULE_PREFIX}${name}`), this.timeoutMs, 'Redis');
      if (!existing) await register();
    };
    const retry = (): void => {
      ensure().catch((error: unknown) => {
        this.options.logger?.warn({ err: error, schedule: name }, 'could not register the schedule; retrying');
        if (this.schedules.has(name)) setTimeout(retry, 5000).unref();
      });
    };
    retry();
    const watch = setInterval(() => { if (this.schedules.has(name)) void ensure().catch(() => undefined); else clearInterval(watch); }, 60_000);
    watch.unref();
    return () => { this.schedules.delete(name); clearInterval(watch); };
  }

  async start(processor: JobProcessor): Promise<void> {
    if (this.worker) throw new Error('BullMqQueue.start called twice');
    this.worker = new Worker<JobData>(this.queue.name, async (bullJob: Job<JobData>) => {
      if (bullJob.name.startsWith(SCHEDULE_PREFIX)) {
        await this.schedules.get(bullJob.name.slice(SCHEDULE_PREFIX.length))?.();
        return { status: 'scheduled' };
      }
      const run = processor(bullJob.data.jobId);
      this.running.add(run);
      const outcome = await run.finally(() => this.running.delete(run));
      if (outcome.status === 'retry_scheduled') {
        await this.enqueue({ id: bullJob.data.jobId, tenantId: bullJob.data.tenantId, kind: bullJob.data.kind },
          { delayMs: outcome.delayMs, attempt: outcome.attempt })
          // The row says retry_scheduled with its time: the sweeper hands it over once due.
          .catch(() => undefined);
      }
      return outcome;
    }, {
      connection: { url: this.options.redisUrl, maxRetriesPerRequest: null, retryStrategy },
      concurrency: this.options.concurrency ?? 2,
      lockDuration: this.options.lockDuration ?? 6000,
      stalledInterval: this.options.stalledInterval ?? 4000,
      maxStalledCount: this.options.maxStalledCount ?? 20,
      ...(this.options.workerName ? { name: this.options.workerName } : {}),
    });
    this.worker.on('error', (error) => this.logConnectionError('worker', error));
    this.worker.on('stalled', (id) => this.options.logger?.warn({ bullJobId: id }, 'bullmq message stalled; re-delivering'));
    if (this.options.db) {
      const logger = this.options.logger;
      this.sweeper = startJobSweeper({
        db: this.options.db, queue: this,
        ...(this.options.sweepIntervalMs ? { intervalMs: this.options.sweepIntervalMs } : {}),
        ...(this.options.sweepGraceMs !== undefined ? { graceMs: this.options.sweepGraceMs } : {}),
        logger: { warn: (obj, msg) => logger?.warn(obj, msg), info: (obj, msg) => logger?.info?.(obj, msg) },
      });
    }
    // Not awaited: a worker starts (and answers health checks) while Redis is still away, and connects once it is back.
    this.worker.waitUntilReady().catch((error: unknown) => this.options.logger?.error({ err: error }, 'bullmq worker could not connect yet'));
  }

  /** While Redis is away every connection errors several times a second: log the first, then one line per 10 s. */
  private logConnectionError(source: 'queue' | 'worker', error: Error): void {
    const now = Date.now();
    const last = this.lastErrorLogAt.get(source);
    if (last && now - last.at < 10_000) { last.suppressed += 1; return; }
    this.lastErrorLogAt.set(source, { at: now, suppressed: 0 });
    this.options.logger?.error({ err: error, suppressedSinceLastLog: last?.suppressed ?? 0 }, `bullmq ${source} connection error`);
  }

  async isHealthy(): Promise<boolean> {
    try {
      await withTimeout(this.queue.getJobCounts('wait'), 2000, 'Redis');
      return true;
    } catch {
      // A failed probe is exactly the answer "unhealthy"; the reason is in the connection error log.
      return false;
    }
  }

  async close(options: { graceMs?: number } = {}): Promise<{ isDrained: boolean }> {
    await this.sweeper?.stop();
    this.schedules.clear();
    let isDrained = true;
    if (this.worker) {
      // Stop fetching at once, then wait for the jobs running here (not for Redis: it may be away).
      const closing = this.worker.close().catch(() => undefined);
      const graceMs = options.graceMs ?? 30_000;
      isDrained = await withTimeout(Promise.allSettled([...this.running]).then(() => true), graceMs, 'running jobs').catch(() => false);
      const isClosed = await withTimeout(closing.then(() => true), 1000, 'closing the worker').catch(() => false);
      // Jobs still running, or Redis away: stop waiting. The jobs' rows are the caller's to release.
      if (!isClosed) void this.worker.close(true).catch(() => undefined);
    }
    await withTimeout(this.queue.close(), 1000, 'closing the queue').catch(() => {
      void this.queue.disconnect().catch(() => undefined);
    });
    return { isDrained };
  }
}
