import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { type JobSweeper, startJobSweeper } from '../../domain/jobs/job-sweeper.js';
import { recoverAndListPendingJobs } from '../../domain/jobs/jobs.repository.js';
import type { JobProcessor, JobQueue, QueuedJob, ScheduledTask } from './queue.port.js';

export interface InProcessQueueOptions {
  db: Kysely<Database>;
  /** How many jobs run at once. @defaultValue 2 */
  concurrency?: number;
  logger?: { error(obj: object, msg?: string): void; warn?(obj: object, msg?: string): void; info?(obj: object, msg?: string): void };
  /** How often the job sweeper looks for waiting jobs without a pending run (0: never). @defaultValue 5000 */
  sweepIntervalMs?: number;
}

/**
 * The embedded queue: jobs run in this process, at most `concurrency` at once. The `jobs` table is the
 * durable part: at start-up every job a dead process left `running*` is marked `stalled` and run again,
 * waiting jobs are resumed, and scheduled retries are re-armed at their `next_retry_at`; after that the
 * job sweeper hands over whatever is left waiting (e.g. a run that failed while the database was away).
 *
 * @example
 * const queue = new InProcessQueue({ db, concurrency: config.jobs.concurrency });
 * await queue.start((id) => runJob(deps, id));
 */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private processor: JobProcessor | undefined;
  private readonly waiting: string[] = [];
  private readonly queuedIds = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly active = new Set<Promise<void>>();
  private readonly activeIds = new Set<string>();
  private readonly schedules = new Set<NodeJS.Timeout>();
  private sweeper: JobSweeper | undefined;
  private isClosed = false;
  private readonly concurrency: number;

  constructor(private readonly options: InProcessQueueOptions) {
    this.concurrency = options.concurrency ?? 2;
  }

  async enqueue(job: QueuedJob, options: { delayMs?: number } = {}): Promise<void> {
    if (this.isClosed) return;
    const delay = options.delayMs ?? 0;
    if (delay > 0) {
      const timer = setTimeout(() => { this.timers.delete(timer); this.push(job.id); }, delay);
      this.timers.add(timer);
      return;
    }
    this.push(job.id);
  }

  async start(processor: JobProcessor): Promise<void> {
    this.processor = processor;
    const now = Date.now();
    for (const pending of await recoverAndListPendingJobs(this.options.db)) {
      await this.enqueue(pending, { delayMs: Math.max(0, pending.dueAt.getTime() - now) });
    }
    this.pump();
    if ((this.options.sweepIntervalMs ?? 5000) > 0) {
      const logger = this.options.logger;
      this.sweeper = startJobSweeper({
        db: this.options.db, queue: this, intervalMs: this.options.sweepIntervalMs ?? 5000,
        logger: { warn: (obj, msg) => (logger?.warn ?? logger?.error)?.call(logger, obj, msg), info: (obj, msg) => logger?.info?.call(logger, obj, msg) },
      });
    }
  }

  async ensureQueued(job: QueuedJob): Promise<boolean> {
    if (this.isClosed || this.queuedIds.has(job.id) || this.activeIds.has(job.id)) return false;
    this.push(job.id);
    return true;
  }

  async every(name: string, everyMs: number, task: ScheduledTask): Promise<() => void> {
    const tick = () => task().catch((error: unknown) => this.options.logger?.error({ err: error, schedule: name }, 'scheduled task failed'));
    const timer = setInterval(() => void tick(), everyMs);
    timer.unref();
    this.schedules.add(timer);
    void tick();
    return () => { clearInterval(timer); this.schedules.delete(timer); };
  }

  /** Resolves when nothing is queued or running (tests and the demo seed wait on it). */
  async idle(): Promise<void> {
    while (this.waiting.length > 0 || this.active.size > 0) {
      await Promise.race([...this.active, new Promise((r) => setTimeout(r, 10))]);
    }
  }

  async isHealthy(): Promise<boolean> {
    return !this.isClosed;
  }

  async close(options: { graceMs?: number } = {}): Promise<{ isDrained: boolean }> {
    this.isClosed = true;
    for (const timer of [...this.timers, ...this.schedules]) clearTimeout(timer);
    this.timers.clear();
    this.schedules.clear();
    this.waiting.length = 0;
    await this.sweeper?.stop();
    const drained = Promise.allSettled([...this.active]).then(() => true);
    if (options.graceMs === undefined) return { isDrained: await drained };
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), options.graceMs).unref());
    return { isDrained: await Promise.race([drained, timeout]) };
  }

  private push(jobId: string): void {
    if (this.isClosed || this.queuedIds.has(jobId)) return;
    this.queuedIds.add(jobId);
    this.waiting.push(jobId);
    this.pump();
  }

  private pump(): void {
    const processor = this.processor;
    if (!processor) return;
    while (!this.isClosed && this.active.size < this.concurrency && this.waiting.length > 0) {
      const jobId = this.waiting.shift() as string;
      this.queuedIds.delete(jobId);
      this.activeIds.add(jobId);
      const run = processor(jobId)
        .then(async (outcome) => {
          if (outcome.status === 'retry_scheduled') await this.enqueue({ id: jobId, tenantId: '', kind: '' }, { delayMs: outcome.delayMs });
        })
        .catch((error: unknown) => {
          // runJob records failures itself; reaching here means the database was unreachable. Leave the row
          // as it is: the sweeper hands it over again (a running one once its lease runs out).
          this.options.logger?.error({ err: error, jobId }, 'in-process job crashed');
        })
        .finally(() => {
          this.active.delete(run);
          this.activeIds.delete(jobId);
          this.pump();
        });
      this.active.add(run);
    }
  }
}
