import { type Database, type JobQueue, queueDueRosterSyncs } from '@tutorgraph/core';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

/** How often the worker looks for LTI courses whose roster is older than a day. @defaultValue 15 minutes */
export const ROSTER_SCHEDULE_MS = 15 * 60_000;

/**
 * Queues an NRPS roster sync for every LTI course not synced in the last 24 h, now and every 15 minutes.
 * Returns a function that stops the schedule.
 *
 * @example
 * const stop = startRosterSchedule(db, queue, logger);
 */
export function startRosterSchedule(db: Kysely<Database>, queue: JobQueue, logger: Logger, everyMs = ROSTER_SCHEDULE_MS): () => void {
  const tick = async () => {
    try {
      const queued = await queueDueRosterSyncs(db, queue, 24);
      if (queued > 0) logger.info({ queued }, 'scheduled roster syncs queued');
    } catch (error) {
      logger.error({ err: error }, 'roster schedule tick failed');
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
