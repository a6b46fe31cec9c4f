import type { DbConnection } from '../../db/db-types.js';
import type { JobQueue } from '../../providers/queue/queue.port.js';
import type { JobRecord } from './job.types.js';
import { type CreateJobInput, createJob } from './jobs.repository.js';

/** What became of a hand-over: in the queue now, or left to the sweeper (the queue was unreachable). */
export type HandOver = 'queued' | 'deferred';

/**
 * Hands a job row to the queue (ids only). The `jobs` row is the outbox: it is already committed, so when
 * the queue is unreachable or slow this does not fail the caller. It answers `deferred`, and the job
 * sweeper (`startJobSweeper`, run by every worker) hands the row over once the queue is back. Queue
 * adapters time out fast (BullMQ: about 1.5 s), so a request never waits on a queue outage.
 *
 * @example
 * const handOver = await enqueue(queue, job); // 'queued' | 'deferred'
 */
export async function enqueue(queue: JobQueue, job: JobRecord): Promise<HandOver> {
  try {
    await queue.enqueue({ id: job.id, tenantId: job.tenantId, kind: job.kind });
    return 'queued';
  } catch {
    // Not lost: the row stays `queued` and the sweeper hands it over; the adapter has logged the cause.
    return 'deferred';
  }
}

/**
 * Writes a `queued` job row and hands it to the queue. If the queue is unreachable the row stays `queued`
 * and the sweeper hands it over later (see `enqueue`), so this only fails when the database does.
 *
 * @example
 * const job = await createAndEnqueueJob(db, queue, { tenantId, kind: 'quiz_generate', targetType: 'quiz', targetId });
 */
export async function createAndEnqueueJob(db: DbConnection, queue: JobQueue, input: CreateJobInput): Promise<JobRecord> {
  const job = await createJob(db, input);
  await enqueue(queue, job);
  return job;
}
