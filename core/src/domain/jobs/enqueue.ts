import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { JobQueue } from '../../providers/queue/queue.port.js';
import type { JobRecord } from './job.types.js';
import { type CreateJobInput, createJob } from './jobs.repository.js';

/**
 * Hands a job row to the queue (ids only).
 *
 * @example
 * await enqueue(queue, job);
 */
export async function enqueue(queue: JobQueue, job: JobRecord): Promise<void> {
  await queue.enqueue({ id: job.id, tenantId: job.tenantId, kind: job.kind });
}

/**
 * Writes a `queued` job row and hands it to the queue. If the queue is unreachable the row stays
 * `queued` (the in-process start-up sweep, or a later re-enqueue, picks it up) and the error is rethrown.
 *
 * @example
 * const job = await createAndEnqueueJob(db, queue, { tenantId, kind: 'quiz_generate', targetType: 'quiz', targetId });
 */
export async function createAndEnqueueJob(db: Kysely<Database>, queue: JobQueue, input: CreateJobInput): Promise<JobRecord> {
  const job = await createJob(db, input);
  try {
    await enqueue(queue, job);
  } catch (error) {
    throw new Error(`Job ${job.id} was saved but could not be queued`, { cause: error });
  }
  return job;
}
