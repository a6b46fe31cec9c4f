import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import type { Database } from '../../db/schema.js';
import { BullMqQueue } from './bullmq.queue.js';
import { InProcessQueue } from './in-process.queue.js';
import type { JobQueue } from './queue.port.js';

/**
 * BullMQ when REDIS_URL is set, the in-process runner otherwise.
 *
 * @example
 * const queue = createQueue(config, db, logger);
 */
export function createQueue(
  config: Config, db: Kysely<Database>,
  logger?: { error(obj: object, msg?: string): void; warn(obj: object, msg?: string): void },
  workerName?: string,
): JobQueue {
  if (config.redisUrl) {
    return new BullMqQueue({ redisUrl: config.redisUrl, concurrency: config.jobs.concurrency, logger, ...(workerName ? { workerName } : {}) });
  }
  return new InProcessQueue({ db, concurrency: config.jobs.concurrency, ...(logger ? { logger } : {}) });
}
