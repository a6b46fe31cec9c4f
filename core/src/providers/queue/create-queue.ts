import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import type { Database } from '../../db/schema.js';
import { BullMqQueue } from './bullmq.queue.js';
import { InProcessQueue } from './in-process.queue.js';
import type { JobQueue } from './queue.port.js';

/**
 * BullMQ when REDIS_URL is set, the in-process runner otherwise. Both sweep the jobs table once started
 * (`start`), so a job whose queue message was never written or got lost is handed over again.
 *
 * @example
 * const queue = createQueue(config, db, logger);
 */
export function createQueue(
  config: Config, db: Kysely<Database>,
  logger?: { error(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; info?(obj: object, msg?: string): void },
  workerName?: string,
  /** How often a started queue's job sweeper runs. @defaultValue 5000 */
  tuning: { sweepIntervalMs?: number } = {},
): JobQueue {
  if (config.redisUrl) {
    return new BullMqQueue({
      redisUrl: config.redisUrl, concurrency: config.jobs.concurrency, db, logger, ...(workerName ? { workerName } : {}),
      ...(tuning.sweepIntervalMs ? { sweepIntervalMs: tuning.sweepIntervalMs, sweepGraceMs: Math.max(2 * tuning.sweepIntervalMs, 1000) } : {}),
    });
  }
  return new InProcessQueue({ db, concurrency: config.jobs.concurrency, ...(logger ? { logger } : {}), ...(tuning.sweepIntervalMs ? { sweepIntervalMs: tuning.sweepIntervalMs } : {}) });
}
