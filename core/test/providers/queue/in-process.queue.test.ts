import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test-support/test-db.js';
import type { DatabaseHandle } from '../../../src/db/database.js';
import { createAndEnqueueJob } from '../../../src/domain/jobs/enqueue.js';
import { JobHandlerRegistry } from '../../../src/domain/jobs/job-handlers.js';
import { createJob, findJob } from '../../../src/domain/jobs/jobs.repository.js';
import { runJob } from '../../../src/domain/jobs/run-job.js';
import { InProcessQueue } from '../../../src/providers/queue/in-process.queue.js';
import { seedCourse } from '../../domain/ingestion/seed-course.js';

let handle: DatabaseHandle;
let tenantId: string;
beforeAll(async () => {
  handle = await createTestDatabase();
  tenantId = (await seedCourse(handle.db)).tenantId;
});
afterAll(() => handle.close());

const processorFor = (registry: JobHandlerRegistry, backoffMs = 20) => (id: string) => runJob({ db: handle.db, registry, workerId: 'in-proc', backoffMs }, id);

describe('InProcessQueue', () => {
  it('when a handler fails twice then succeeds, then the queue re-runs it after each backoff and it ends succeeded', async () => {
    let calls = 0;
    const registry = new JobHandlerRegistry().register({
      kind: 'flaky-twice',
      run: async () => { calls += 1; if (calls < 3) throw new Error(`transient ${calls}`); return { calls }; },
    });
    const queue = new InProcessQueue({ db: handle.db, concurrency: 2 });
    await queue.start(processorFor(registry));
    const job = await createAndEnqueueJob(handle.db, queue, { tenantId, kind: 'flaky-twice', targetType: 'test', targetId: crypto.randomUUID(), maxAttempts: 5 });
    const started = Date.now();
    while ((await findJob(handle.db, job.id))?.status !== 'succeeded' && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 20));
    await queue.close();
    expect(await findJob(handle.db, job.id)).toMatchObject({ status: 'succeeded', attempts: 3, result: { calls: 3 } });
    // 20 ms then 40 ms of backoff at least.
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
  });

  it('when the process restarts with a job left running, then the start-up sweep recovers it as stalled and runs it', async () => {
    const registry = new JobHandlerRegistry().register({ kind: 'sweep', run: async () => ({ ok: true }) });
    const orphan = await createJob(handle.db, { tenantId, kind: 'sweep', targetType: 'test', targetId: crypto.randomUUID() });
    await handle.db.updateTable('jobs').set({ status: 'running:embedding', attempts: 1, worker_id: 'crashed-process' }).where('id', '=', orphan.id).execute();
    const waiting = await createJob(handle.db, { tenantId, kind: 'sweep', targetType: 'test', targetId: crypto.randomUUID() });
    const queue = new InProcessQueue({ db: handle.db, concurrency: 1 });
    await queue.start(processorFor(registry));
    await queue.idle();
    await queue.close();
    expect(await findJob(handle.db, orphan.id)).toMatchObject({ status: 'succeeded', attempts: 2, workerId: 'in-proc' });
    expect(await findJob(handle.db, waiting.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('when more jobs than the concurrency are queued, then at most that many run at once', async () => {
    let running = 0;
    let peak = 0;
    const registry = new JobHandlerRegistry().register({
      kind: 'count', run: async () => { running += 1; peak = Math.max(peak, running); await new Promise((r) => setTimeout(r, 30)); running -= 1; },
    });
    const queue = new InProcessQueue({ db: handle.db, concurrency: 2 });
    await queue.start(processorFor(registry));
    const jobs = await Promise.all(Array.from({ length: 5 }, () => createAndEnqueueJob(handle.db, queue, { tenantId, kind: 'count', targetType: 'test', targetId: crypto.randomUUID() })));
    await queue.idle();
    await queue.close();
    expect(peak).toBe(2);
    for (const job of jobs) expect((await findJob(handle.db, job.id))?.status).toBe('succeeded');
  });
});
