import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BullMqQueue, type DatabaseHandle, JobHandlerRegistry, createAndEnqueueJob, createStorage, findJob, loadConfig, migrate, openDatabase,
  runJob, uploadDocument,
} from '@tutorgraph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresServer, startPostgresServer } from '../../test-support/postgres-server.js';
import { type RedisServer, startRedis } from '../../test-support/redis.js';
import { type SeededCourse, seedCourse } from '../../core/test/domain/ingestion/seed-course.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'tg-bullmq-'));

let redis: RedisServer;
let pg: PostgresServer;
let database: DatabaseHandle;
let producer: BullMqQueue;
let course: SeededCourse;
const workers: ChildProcess[] = [];
let env: Record<string, string>;

/**
 * Starts `worker/src/main.ts` as a real process and resolves once it logs "worker started". Node runs
 * it with tsx as a loader (not the tsx CLI, which forks a child a SIGKILL would not reach).
 */
function startWorker(workerId: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/src/main.ts'], { cwd: repoRoot, env: { ...process.env, ...env, WORKER_ID: workerId }, stdio: ['ignore', 'pipe', 'pipe'] });
  workers.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${workerId} did not start within 120 s:\n${output}`)), 120_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      if (output.includes('"msg":"worker started"')) { clearTimeout(timer); resolve(child); }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${workerId} exited early (${code}):\n${output}`)); });
  });
}

beforeAll(async () => {
  [redis, pg] = await Promise.all([startRedis(), startPostgresServer()]);
  env = {
    NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: pg.url, REDIS_URL: redis.url, DATA_DIR: dataDir,
    APP_TOKEN_KEYS: `k1:${Buffer.alloc(32, 9).toString('base64')}`, LTI_KEY: 'x'.repeat(32),
    WORKER_CONCURRENCY: '1', EMBEDDINGS_DIMENSIONS: '64', TG_TEST_STAGE_DELAY_MS: '1500',
    // A killed worker's job is taken over once its lease runs out (the sweeper or BullMQ's re-delivery finds it).
    JOB_LEASE_MS: '6000', JOB_SWEEP_INTERVAL_MS: '1000', WORKER_HEALTH_PORT: '0',
  };
  database = await openDatabase({ databaseUrl: pg.url, poolSize: 2 });
  await migrate(database.db);
  course = await seedCourse(database.db);
  producer = new BullMqQueue({ redisUrl: redis.url });
}, 120_000);

afterAll(async () => {
  for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await producer?.close();
  await database?.close();
  await pg?.stop();
  await redis?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('BullMQ on a real redis-server with two worker processes', () => {
  it('when the worker running a job is SIGKILLed, then the other picks it up within 15 s, it succeeds, and there are no duplicate chunks', async () => {
    const [first, second] = await Promise.all([startWorker('worker-a'), startWorker('worker-b')]);
    const byId: Record<string, ChildProcess> = { 'worker-a': first, 'worker-b': second };
    const config = loadConfig(env);
    const bytes = new Uint8Array(readFileSync(join(repoRoot, 'data/courses/psychology-learning-and-memory/files/psychology-2e-chapter-6-learning.pdf')));
    const services = { db: database.db, storage: createStorage(config), queue: producer, limits: config.upload, maxAttempts: 5 };
    const uploaded = await uploadDocument(services, course.instructor, course.courseId, { kind: 'file', fileName: 'learning.pdf', bytes });
    const jobId = uploaded.job!.id;

    // Wait until one worker is inside the job (a stage reached), then kill that process outright.
    let job = await findJob(database.db, jobId);
    const deadline = Date.now() + 30_000;
    while (!(job?.status.startsWith('running:') && job.workerId) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      job = await findJob(database.db, jobId);
    }
    const victimId = job?.workerId as string;
    expect(Object.keys(byId)).toContain(victimId);
    byId[victimId]!.kill('SIGKILL');
    const killedAt = Date.now();
    const survivorId = victimId === 'worker-a' ? 'worker-b' : 'worker-a';

    let pickedUpAfterMs: number | undefined;
    while (Date.now() - killedAt < 60_000) {
      job = await findJob(database.db, jobId);
      if (pickedUpAfterMs === undefined && job?.workerId === survivorId) pickedUpAfterMs = Date.now() - killedAt;
      if (job?.status === 'succeeded' || job?.status === 'failed' || job?.status === 'dead_lettered') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log(`[bullmq] ${victimId} killed at stage; ${survivorId} picked the job up after ${pickedUpAfterMs} ms; final status ${job?.status}`);
    expect(pickedUpAfterMs).toBeDefined();
    expect(pickedUpAfterMs).toBeLessThan(15_000);
    expect(job).toMatchObject({ status: 'succeeded', workerId: survivorId, attempts: 2 });

    const chunks = await database.db.selectFrom('chunks').select(['chunk_index']).where('document_id', '=', uploaded.id).execute();
    const doc = await database.db.selectFrom('documents').select(['chunk_count', 'status']).where('id', '=', uploaded.id).executeTakeFirstOrThrow();
    expect(chunks.length).toBeGreaterThan(100);
    expect(new Set(chunks.map((c) => c.chunk_index)).size).toBe(chunks.length);
    expect(doc).toEqual({ chunk_count: chunks.length, status: 'succeeded' });

    // The survivor stops gracefully on SIGTERM: it closes the queue and the database and exits 0.
    const survivor = byId[survivorId]!;
    const exited = new Promise<number | null>((resolve) => survivor.once('exit', (code) => resolve(code)));
    survivor.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 240_000);

  it('when a handler fails transiently under BullMQ, then the retry is a delayed BullMQ job and the row ends succeeded after the backoff', async () => {
    let calls = 0;
    const registry = new JobHandlerRegistry().register({
      kind: 'bull_flaky', run: async () => { calls += 1; if (calls < 3) throw new Error(`flaky ${calls}`); return { calls }; },
    });
    const queue = new BullMqQueue({ redisUrl: redis.url, queueName: 'flaky-test', concurrency: 1 });
    await queue.start((id) => runJob({ db: database.db, registry, workerId: 'in-test', backoffMs: 200 }, id));
    const job = await createAndEnqueueJob(database.db, queue, { tenantId: course.tenantId, kind: 'bull_flaky', targetType: 'test', targetId: crypto.randomUUID(), maxAttempts: 4 });
    const started = Date.now();
    const seen = new Set<string>();
    let row = await findJob(database.db, job.id);
    while (row?.status !== 'succeeded' && Date.now() - started < 20_000) {
      seen.add(row?.status ?? 'missing');
      await new Promise((r) => setTimeout(r, 25));
      row = await findJob(database.db, job.id);
    }
    await queue.close();
    expect(row).toMatchObject({ status: 'succeeded', attempts: 3, result: { calls: 3 } });
    expect(seen.has('retry_scheduled')).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600); // 200 ms + 400 ms of backoff
  }, 60_000);
});
