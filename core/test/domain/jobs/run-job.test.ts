import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test-support/test-db.js';
import type { DatabaseHandle } from '../../../src/db/database.js';
import { JobHandlerRegistry } from '../../../src/domain/jobs/job-handlers.js';
import { createJob, findJob, requestJobCancel } from '../../../src/domain/jobs/jobs.repository.js';
import { retryDelayMs, runJob } from '../../../src/domain/jobs/run-job.js';
import { UnrecoverableJobError } from '../../../src/errors/unrecoverable-error.js';
import { seedCourse } from '../ingestion/seed-course.js';

let handle: DatabaseHandle;
let tenantId: string;
beforeAll(async () => {
  handle = await createTestDatabase();
  tenantId = (await seedCourse(handle.db)).tenantId;
});
afterAll(() => handle.close());

const T0 = new Date('2026-01-01T00:00:00Z');

function runnerWith(kind: string, run: Parameters<JobHandlerRegistry['register']>[0]['run'], workerId = 'w1') {
  const registry = new JobHandlerRegistry().register({ kind, run });
  return (jobId: string) => runJob({ db: handle.db, registry, workerId, backoffMs: 1000, now: () => T0 }, jobId);
}

async function newJob(kind: string, maxAttempts = 3) {
  return createJob(handle.db, { tenantId, kind, targetType: 'test', targetId: crypto.randomUUID(), maxAttempts });
}

describe('job state machine', () => {
  it('when the handler reports its stages and returns, then the job walks queued → running:* → succeeded with the result', async () => {
    const seen: string[] = [];
    const job = await newJob('stages');
    const run = runnerWith('stages', async (ctx) => {
      for (const stage of ['running:parsing', 'running:chunking', 'running:embedding', 'running:indexing'] as const) {
        await ctx.setStage(stage);
        seen.push((await findJob(handle.db, job.id))!.status);
      }
      return { chunks: 3 };
    });
    expect(job.status).toBe('queued');
    expect(await run(job.id)).toEqual({ status: 'succeeded' });
    const done = await findJob(handle.db, job.id);
    expect(seen).toEqual(['running:parsing', 'running:chunking', 'running:embedding', 'running:indexing']);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1, result: { chunks: 3 }, lastError: null, workerId: 'w1' });
    expect(done?.finishedAt).toBeInstanceOf(Date);
  });

  it('when a transient error happens, then a retry is scheduled with exponential backoff, and after the last attempt it is dead-lettered', async () => {
    const job = await newJob('flaky', 3);
    const run = runnerWith('flaky', async () => { throw new Error('embedding service timed out'); });

    expect(await run(job.id)).toEqual({ status: 'retry_scheduled', delayMs: 1000, attempt: 1 });
    let row = await findJob(handle.db, job.id);
    expect(row).toMatchObject({ status: 'retry_scheduled', attempts: 1, lastError: 'embedding service timed out', errorCode: 'TRANSIENT' });
    expect(row?.nextRetryAt?.getTime()).toBe(T0.getTime() + 1000);

    expect(await run(job.id)).toEqual({ status: 'retry_scheduled', delayMs: 2000, attempt: 2 });
    row = await findJob(handle.db, job.id);
    expect(row?.nextRetryAt?.getTime()).toBe(T0.getTime() + 2000);

    const last = await run(job.id);
    expect(last.status).toBe('dead_lettered');
    row = await findJob(handle.db, job.id);
    expect(row).toMatchObject({ status: 'dead_lettered', attempts: 3, errorCode: 'DEAD_LETTERED', nextRetryAt: null });
    expect(row?.lastError).toContain('Gave up after 3 attempts: embedding service timed out');
    expect(await run(job.id)).toMatchObject({ status: 'skipped' });
  });

  it('when backoff is computed, then it doubles per attempt', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(2000, n))).toEqual([2000, 4000, 8000, 16000]);
  });

  it('when the input is bad (UnrecoverableJobError), then it fails at once with the human-readable reason and no retry', async () => {
    const job = await newJob('bad-input', 5);
    const run = runnerWith('bad-input', async () => { throw new UnrecoverableJobError('The PDF is password-protected; upload an unlocked copy.', 'ENCRYPTED'); });
    expect(await run(job.id)).toEqual({ status: 'failed', reason: 'The PDF is password-protected; upload an unlocked copy.' });
    expect(await findJob(handle.db, job.id)).toMatchObject({ status: 'failed', attempts: 1, errorCode: 'ENCRYPTED', nextRetryAt: null });
  });

  it('when a job was left running by a dead worker, then the next claim records it as stalled and runs it again', async () => {
    const job = await newJob('stall', 5);
    let calls = 0;
    // Simulate a worker killed mid-job: claim and reach a stage, then never finish.
    await handle.db.updateTable('jobs').set({ status: 'running:embedding', attempts: 1, worker_id: 'dead-worker' }).where('id', '=', job.id).execute();
    const rescuer = runnerWith('stall', async () => { calls += 1; return { recovered: true }; }, 'w2');
    expect(await rescuer(job.id)).toEqual({ status: 'succeeded' });
    expect(await findJob(handle.db, job.id)).toMatchObject({ status: 'succeeded', attempts: 2, workerId: 'w2', result: { recovered: true } });
    expect(calls).toBe(1);
  });

  it('when a job is taken over while the first worker still runs, then the first one stops without writing', async () => {
    const job = await newJob('takeover', 5);
    const run = runnerWith('takeover', async (ctx) => {
      await handle.db.updateTable('jobs').set({ worker_id: 'someone-else', status: 'running' }).where('id', '=', job.id).execute();
      await ctx.setStage('running:chunking');
      return { never: true };
    });
    expect(await run(job.id)).toMatchObject({ status: 'skipped' });
    expect(await findJob(handle.db, job.id)).toMatchObject({ status: 'running', workerId: 'someone-else', result: null });
  });

  it('when cancellation is requested while running, then the job stops at its next stage as cancelled', async () => {
    const job = await newJob('cancel-running');
    const run = runnerWith('cancel-running', async (ctx) => {
      await ctx.setStage('running:parsing');
      await requestJobCancel(handle.db, job.id);
      await ctx.setStage('running:chunking');
      return {};
    });
    expect(await run(job.id)).toEqual({ status: 'cancelled' });
    expect(await findJob(handle.db, job.id)).toMatchObject({ status: 'cancelled', cancelRequested: true, errorCode: 'CANCELLED' });
  });

  it('when a waiting job is cancelled, then it is cancelled at once and never runs', async () => {
    const job = await newJob('cancel-waiting');
    let ran = false;
    const run = runnerWith('cancel-waiting', async () => { ran = true; });
    expect((await requestJobCancel(handle.db, job.id))?.status).toBe('cancelled');
    expect(await run(job.id)).toMatchObject({ status: 'skipped' });
    expect(ran).toBe(false);
  });

  it('when no handler knows the kind, then the job fails with that reason', async () => {
    const job = await newJob('nobody-handles-this');
    const run = runnerWith('something-else', async () => undefined);
    expect(await run(job.id)).toMatchObject({ status: 'failed' });
    expect((await findJob(handle.db, job.id))?.lastError).toContain('nobody-handles-this');
  });

  it('when two kinds register the same name, then the registry refuses', () => {
    const registry = new JobHandlerRegistry().register({ kind: 'a', run: async () => undefined });
    expect(() => registry.register({ kind: 'a', run: async () => undefined })).toThrow(/already registered/);
  });
});
