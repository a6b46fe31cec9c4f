import { type Database, type JobQueue, queueDueRosterSyncs } from '@tutorgraph/core';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

/** How often the cluster looks for LTI courses whose roster is older than a day. @defaultValue 15 minutes */
export const ROSTER_SCHEDULE_MS = 15 * 60_000;

/**
 * Queues an NRPS roster sync for every LTI course not synced in the last 24 h, every 15 minutes, once per
 * cluster: under BullMQ the tick is a job scheduler in Redis that one worker runs, however many workers
 * register it; the in-process queue ticks on a timer (and once at start). Returns a function that stops
 * this process running it.
 *
 * @example
 * const stop = startRosterSchedule(db, queue, logger);
 */
export function startRosterSchedule(db: Kysely<Database>, queue: JobQueue, logger: Logger, everyMs = ROSTER_SCHEDULE_MS): () => void {
  let isStopped = false;
  let stopTicks: (() => void) | undefined;
  const tick = async () => {
    try {
      const queued = await queueDueRosterSyncs(db, queue, 24);
      if (queued > 0) logger.info({ queued }, 'scheduled roster syncs queued');
    } catch (error) {
      logger.error({ err: error }, 'roster schedule tick failed');
    }
  };
  queue.every('roster-sync', everyMs, tick).then((stop) => {
    if (isStopped) stop();
    else stopTicks = stop;
  }, (error: unknown) => logger.error({ err: error }, 'roster schedule could not start'));
  return () => {
    isStopped = true;
    stopTicks?.();
  };
}
