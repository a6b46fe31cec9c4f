/**
 * Issue #20, reads under load: `GET /v1/courses/:id/performance` (the learner's mastery, topics, tier, recent attempts
 * and questions) against `GET /v1/courses` (the simplest authenticated read), 50 connections over HTTP, on the
 * whole product started on the seeded demo (tool server + in-process queue + worker runtime) — once on PGlite and
 * once on real PostgreSQL 15 + pgvector (test-support/postgres-server.ts). Target: /performance p95 ≤ 2 × /courses p95
 * in the same run.
 *
 * The load runs in a worker thread (its own event loop; a client on the server's loop would measure itself) as
 * 50 keep-alive loops for BENCH_READ_SECONDS (default 8) per endpoint; the two endpoints alternate twice and
 * each endpoint's figures are over both of its rounds.
 *
 * Run: `npm run bench -- read-endpoints`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type DatabaseHandle, createLogger, loadConfig, migrate, openDatabase } from '@tutorgraph/core';
import { startPostgresServer } from '../test-support/postgres-server.js';
import { startDemoApp } from '../scripts/demo-app.js';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_READ_SECONDS ?? 8);

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
};

interface Load { latencies: number[]; errors: number; seconds: number }

/** `CONNECTIONS` loops requesting `url` for `seconds`, in a worker thread. */
function load(url: string, token: string, seconds: number): Promise<Load> {
  const worker = new Worker(`
    const { parentPort, workerData } = require('node:worker_threads');
    const { url, token, seconds, connections } = workerData;
    const latencies = []; let errors = 0;
    const until = performance.now() + seconds * 1000;
    const started = performance.now();
    Promise.all(Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        try {
          const res = await fetch(url, { headers: { authorization: 'Bearer ' + token } });
          await res.arrayBuffer();
          if (res.status !== 200) errors += 1; else latencies.push(performance.now() - t);
        } catch { errors += 1; }
      }
    })).then(() => parentPort.postMessage({ latencies, errors, seconds: (performance.now() - started) / 1000 }));`,
  { eval: true, workerData: { url, token, seconds, connections: CONNECTIONS } });
  return new Promise<Load>((resolve, reject) => {
    worker.once('message', (m: Load) => { void worker.terminate(); resolve(m); });
    worker.once('error', reject);
  });
}

interface Figures { backend: string; courses: Load; performance: Load }

async function measure(backend: string, database: DatabaseHandle): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'tg-bench-read-'));
  const config = loadConfig({
    NODE_ENV: 'test', DEMO_MODE: 'true', PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent', DEV_LOGIN: 'true',
    APP_TOKEN_KEYS: `b:${Buffer.alloc(32, 3).toString('base64')}`, LTI_KEY: 'r'.repeat(32),
    RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_LOGIN_PER_MINUTE: '10000',
  });
  await migrate(database.db);
  const started = performance.now();
  const app = await startDemoApp(config, { seed: true, database, logger: createLogger('silent') });
  console.log(`[${backend}] demo seeded and ingested in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  try {
    const login = await fetch(`${app.url}/v1/auth/dev-login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ persona: 'learner' }),
    });
    const token = ((await login.json()) as { token: string }).token;
    const courses = (await (await fetch(`${app.url}/v1/courses`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { id: string; title: string }[] };
    const course = courses.items.find((c) => c.title.startsWith('Psychology')) ?? courses.items[0];
    if (!course) throw new Error('the demo learner has no course');
    const urls = { courses: `${app.url}/v1/courses`, performance: `${app.url}/v1/courses/${course.id}/performance` };
    const check = await fetch(urls.performance, { headers: { authorization: `Bearer ${token}` } });
    if (check.status !== 200) throw new Error(`/performance answered ${check.status}`);
    // Warm-up: JIT, plans, caches.
    await load(urls.courses, token, 1);
    await load(urls.performance, token, 1);
    const rounds: Record<'courses' | 'performance', Load[]> = { courses: [], performance: [] };
    for (let round = 0; round < 2; round += 1) {
      rounds.courses.push(await load(urls.courses, token, SECONDS / 2));
      rounds.performance.push(await load(urls.performance, token, SECONDS / 2));
    }
    const merge = (parts: Load[]): Load => ({
      latencies: parts.flatMap((p) => p.latencies), errors: parts.reduce((n, p) => n + p.errors, 0), seconds: parts.reduce((n, p) => n + p.seconds, 0),
    });
    return { backend, courses: merge(rounds.courses), performance: merge(rounds.performance) };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints p50/p95/req/s of both reads per backend and the p95 ratio; `npm run bench` calls it. */
export async function run(): Promise<void> {
  const figures: Figures[] = [];
  figures.push(await measure('pglite', await openDatabase({ pgliteDataDir: 'memory://' })));
  const postgres = await startPostgresServer();
  try {
    figures.push(await measure('postgres', await openDatabase({ databaseUrl: postgres.url, poolSize: 10 })));
  } finally {
    await postgres.stop();
  }
  const row = (l: Load) => `p50 ${percentile(l.latencies, 50).toFixed(1)} ms, p95 ${percentile(l.latencies, 95).toFixed(1)} ms, ${(l.latencies.length / l.seconds).toFixed(0)} req/s, ${l.errors} errors`;
  console.log(`\n| backend | GET /courses (${CONNECTIONS} connections) | GET /courses/:id/performance | p95 ratio (target ≤ 2) |`);
  console.log('|---|---|---|---|');
  for (const f of figures) {
    const ratio = percentile(f.performance.latencies, 95) / percentile(f.courses.latencies, 95);
    console.log(`| ${f.backend} | ${row(f.courses)} | ${row(f.performance)} | ${ratio.toFixed(2)} ${ratio <= 2 ? 'met' : 'NOT met'} |`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
