import { Queue, Worker, type Job } from 'bullmq';
import type { JobProcessor, JobQueue, QueuedJob } from './queue.port.js';

export interface BullMqQueueOptions {
  /** `redis://…` (config.redisUrl). */
  redisUrl: string;
  /** @defaultValue 'tutorgraph-jobs' */
  queueName?: string;
  /** Jobs one worker process runs at once. @defaultValue 2 */
  concurrency?: number;
  /**
   * How long a worker's lock on a job lives without renewal (renewed every half of it). Short, so a
   * killed worker's job is found quickly; long enough that a busy event loop still renews in time.
   * @defaultValue 6000
   */
  lockDuration?: number;
  /** How often each worker looks for jobs whose lock expired. @defaultValue 4000 */
  stalledInterval?: number;
  /** Stalls tolerated before BullMQ gives up on a job; our state machine counts attempts instead. @defaultValue 20 */
  maxStalledCount?: number;
  /** Unique per process, shown in the jobs row. */
  workerName?: string;
  logger?: { error(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

/** What we put in Redis: ids only. */
interface JobData { jobId: string; tenantId: string; kind: string }

/**
 * The production queue: BullMQ on Redis, any number of worker processes on any number of machines.
 * BullMQ delivers and re-delivers (stalled-job recovery after a worker dies); the `jobs` row holds the
 * state machine, so a retry is a new delayed BullMQ job and a duplicate delivery of a finished job is a no-op.
 *
 * @example
 * const queue = new BullMqQueue({ redisUrl: config.redisUrl, concurrency: config.jobs.concurrency });
 * await queue.start((id) => runJob(deps, id));
 */
export class BullMqQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  private readonly queue: Queue<JobData>;
  private worker: Worker<JobData> | undefined;

  constructor(private readonly options: BullMqQueueOptions) {
    this.queue = new Queue<JobData>(options.queueName ?? 'tutorgraph-jobs', {
      connection: { url: options.redisUrl, maxRetriesPerRequest: null },
      defaultJobOptions: {
        // Only for failures of the runner itself (database unreachable); job failures are handled by our state machine.
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
    });
    this.queue.on('error', (error) => options.logger?.error({ err: error }, 'bullmq queue connection error'));
  }

  async enqueue(job: QueuedJob, options: { delayMs?: number; attempt?: number } = {}): Promise<void> {
    // The BullMQ id makes enqueueing idempotent per attempt; ':' is not allowed in custom ids.
    const bullId = options.delayMs ? `${job.id}-retry-${options.attempt ?? Date.now()}` : job.id;
    await this.queue.add(job.kind || 'job', { jobId: job.id, tenantId: job.tenantId, kind: job.kind }, {
      jobId: bullId,
      ...(options.delayMs ? { delay: options.delayMs } : {}),
    });
  }

  async start(processor: JobProcessor): Promise<void> {
    if (this.worker) throw new Error('BullMqQueue.start called twice');
    this.worker = new Worker<JobData>(this.queue.name, async (bullJob: Job<JobData>) => {
      const outcome = await processor(bullJob.data.jobId);
      if (outcome.status === 'retry_scheduled') {
        await this.enqueue({ id: bullJob.data.jobId, tenantId: bullJob.data.tenantId, kind: bullJob.data.kind },
          { delayMs: outcome.delayMs, attempt: outcome.attempt });
      }
      return outcome;
    }, {
      connection: { url: this.options.redisUrl, maxRetriesPerRequest: null },
      concurrency: this.options.concurrency ?? 2,
      lockDuration: this.options.lockDuration ?? 6000,
      stalledInterval: this.options.stalledInterval ?? 4000,
      maxStalledCount: this.options.maxStalledCount ?? 20,
      ...(this.options.workerName ? { name: this.options.workerName } : {}),
    });
    this.worker.on('error', (error) => this.options.logger?.error({ err: error }, 'bullmq worker error'));
    this.worker.on('stalled', (id) => this.options.logger?.warn({ bullJobId: id }, 'bullmq job stalled; re-delivering'));
    await this.worker.waitUntilReady();
  }

  async isHealthy(): Promise<boolean> {
    try {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref());
      await Promise.race([this.queue.getJobCounts('wait'), timeout]);
      return true;
    } catch {
      // A failed probe is exactly the answer "unhealthy"; the reason is in the connection error log.
      return false;
    }
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }
}
