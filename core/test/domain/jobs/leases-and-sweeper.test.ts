import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test-support/test-db.js';
import type { DatabaseHandle } from '../../../src/db/database.js';
import { JobHandlerRegistry } from '../../../src/domain/jobs/job-handlers.js';
import { startJobSweeper } from '../../../src/domain/jobs/job-sweeper.js';
import { createJob, findJob, releaseWorkerJobs } from '../../../src/domain/jobs/jobs.repository.js';
import { runJob } from '../../../src/domain/jobs/run-job.js';
import type { QueuedJob } from '../../../src/providers/queue/queue.port.js';
import { seedCourse } from '../ingestion/seed-course.js';

let handle: DatabaseHandle;
let tenantId: string;
beforeAll(async () => {
  handle = await createTestDatabase();
  tenantId = (await seedCourse(handle.db)).tenantId;
});
afterAll(() => handle.close());

const newJob = (kind: string, maxAttempts = 3) => createJob(handle.db, { tenantId, kind, targetType: 'test', targetId: crypto.randomUUID(), maxAttempts });
const registryOf = (kind: string, run: () => Promise<Record<string, unknown> | void>) => new JobHandlerRegistry().register({ kind, run });
/** Puts a job in the state a worker leaves it in mid-run, with its lease ending `leaseInSeconds` from now. */
async function leaveRunning(jobId: string, workerId: string, attempts: number, leaseInSeconds: number) {
  await handle.db.updateTable('jobs').set({
    status: 'running:embedding', attempts, worker_id: workerId,
    lease_expires_at: sql<Date>`now() + make_interval(secs => ${leaseInSeconds})`,
  }).where('id', '=', jobId).execute();
}

describe('job leases', () => {
  it('when a second delivery arrives while the owner still holds a live lease, then it is skipped and nothing is stolen', async () => {
    const job = await newJob('leased');
    await leaveRunning(job.id, 'owner', 1, 30);
    let ran = false;
    const outcome = await runJob({ db: handle.db, registry: registryOf('leased', async () => { ran = true; }), workerId: 'intruder', backoffMs: 10 }, job.id);
    expect(outcome).toMatchObject({ status: 'skipped' });
    expect(ran).toBe(false);
    expect(await findJob(handle.db, job.id)).toMatchObject({ status: 'running:embedding', workerId: 'owner', attempts: 1 });
  });

  it('when a job stalls on its last attempt, then the next claim dead-letters it instead of running it again', async () => {
    const job = await newJob('stalls-forever', 2);
    await leaveRunning(job.id, 'dead-worker', 2, -1);
    let ran = false;
    const outcome = await runJob({ db: handle.db, registry: registryOf('stalls-forever', async () => { ran = true; }), workerId: 'w2', backoffMs: 10 }, job.id);
    expect(outcome.status).toBe('dead_lettered');
    expect(ran).toBe(false);
    const row = await findJob(handle.db, job.id);
    expect(row).toMatchObject({ status: 'dead_lettered', attempts: 2, errorCode: 'DEAD_LETTERED' });
    expect(row?.lastError).toContain('Gave up after 2 attempts');
  });

  it('when a stopping worker releases its running jobs, then they are queued again without using up an attempt', async () => {
    const job = await newJob('released');
    await leaveRunning(job.id, 'stopping-worker', 1, 30);
    expect((await releaseWorkerJobs(handle.db, 'stopping-worker')).map((r) => r.id)).toEqual([job.id]);
    expect(await findJob(handle.db, job.id)).toMatchObject({ status: 'queued', attempts: 0, workerId: null });
  });
});

describe('job sweeper (the outbox relay)', () => {
  it('when rows wait without a queue message, then one pass hands over the expired lease, the old queued row and the due retry, and leaves the rest', async () => {
    const [expired, live, oldQueued, freshQueued, dueRetry, laterRetry] = await Promise.all(
      ['expired', 'live', 'old', 'fresh', 'due', 'later'].map((name) => newJob(`sweep-${name}`)),
    );
    await leaveRunning(expired!.id, 'gone', 1, -5);
    await leaveRunning(live!.id, 'alive', 1, 60);
    await handle.db.updateTable('jobs').set({ updated_at: sql<Date>`now() - interval '1 minute'` }).where('id', '=', oldQueued!.id).execute();
    await handle.db.updateTable('jobs').set({ status: 'retry_scheduled', next_retry_at: sql<Date>`now() - interval '1 minute'` }).where('id', '=', dueRetry!.id).execute();
    await handle.db.updateTable('jobs').set({ status: 'retry_scheduled', next_retry_at: sql<Date>`now() + interval '1 minute'` }).where('id', '=', laterRetry!.id).execute();

    const handedOver: QueuedJob[] = [];
    const alreadyQueued = new Set<string>();
    const queue = { ensureQueued: async (job: QueuedJob) => { if (alreadyQueued.has(job.id)) return false; alreadyQueued.add(job.id); handedOver.push(job); return true; } };
    const sweeper = startJobSweeper({ db: handle.db, queue, intervalMs: 60_000, graceMs: 10_000 });
    await sweeper.sweepNow();
    const secondPass = await sweeper.sweepNow();
    await sweeper.stop();

    const ids = new Set(handedOver.map((job) => job.id));
    expect(ids.has(expired!.id) && ids.has(oldQueued!.id) && ids.has(dueRetry!.id)).toBe(true);
    expect([live!.id, freshQueued!.id, laterRetry!.id].some((id) => ids.has(id))).toBe(false);
    expect(secondPass).toBe(0);
    expect(await findJob(handle.db, expired!.id)).toMatchObject({ status: 'stalled', attempts: 1 });
    expect(await findJob(handle.db, live!.id)).toMatchObject({ status: 'running:embedding', workerId: 'alive' });
  });

  it('when the queue is unreachable, then a pass fails quietly and the next one hands the job over', async () => {
    const job = await newJob('sweep-outage');
    await handle.db.updateTable('jobs').set({ updated_at: sql<Date>`now() - interval '1 minute'` }).where('id', '=', job.id).execute();
    let isDown = true;
    const handed: string[] = [];
    const queue = { ensureQueued: async (queued: QueuedJob) => { if (isDown) throw new Error('ECONNREFUSED'); handed.push(queued.id); return true; } };
    const sweeper = startJobSweeper({ db: handle.db, queue, intervalMs: 60_000, graceMs: 10_000 });
    expect(await sweeper.sweepNow()).toBe(0);
    isDown = false;
    await sweeper.sweepNow();
    await sweeper.stop();
    expect(handed).toContain(job.id);
  });
});
