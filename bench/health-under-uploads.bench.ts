// /health under pathological uploads (issue #15 findings 3 and 4): the whole product on embedded defaults (tool
// server with the in-process queue and worker runtime, PGlite, local storage), six concurrent instructors each
// uploading 1 MB pathological Markdown and HTML files while /health is polled every 50 ms. Target: p95 ≤ 200 ms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createLogger, loadConfig, migrate, openDatabase, seedDemoTenant } from '@tutorgraph/core';
import { startDemoApp } from '../scripts/demo-app.js';

const MB = 1024 * 1024;
/** 1 MB shapes that made regexes backtrack or parsers recurse (the attack run's and the pathological-input test's). */
const SHAPES: { name: string; type: string; text: string }[] = [
  { name: 'angles.md', type: 'text/markdown', text: '<'.repeat(MB) },
  { name: 'brackets.md', type: 'text/markdown', text: '['.repeat(MB) },
  { name: 'emphasis.md', type: 'text/markdown', text: '*_'.repeat(MB / 2) },
  { name: 'backticks.md', type: 'text/markdown', text: '`'.repeat(MB) },
  { name: 'nested.md', type: 'text/markdown', text: '[['.repeat(MB / 4) + ']]'.repeat(MB / 4) },
  { name: 'nested.html', type: 'text/html', text: `<html><body>${'<div>'.repeat(MB / 10)}text</body></html>` },
];

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

/** Prints p50/p95/max of /health while the uploads are received and parsed; `npm run bench` calls it. */
export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tg-bench-health-'));
  const config = loadConfig({
    NODE_ENV: 'test', DEMO_MODE: 'true', PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent', DEV_LOGIN: 'true',
    APP_TOKEN_KEYS: `b:${Buffer.alloc(32, 2).toString('base64')}`, LTI_KEY: 'h'.repeat(32), UPLOAD_MAX_BYTES: String(4 * MB),
    RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_LOGIN_PER_MINUTE: '10000',
  });
  const database = await openDatabase({ pgliteDataDir: 'memory://' });
  await migrate(database.db);
  await seedDemoTenant(database.db);
  const app = await startDemoApp(config, { seed: false, database, logger: createLogger('silent') });
  try {
    const json = async (path: string, token: string | undefined, body: unknown) => (await fetch(`${app.url}${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body),
    })).json() as Promise<{ token?: string; id?: string }>;
    const token = (await json('/v1/auth/dev-login', undefined, { persona: 'instructor' })).token as string;
    const courseId = (await json('/v1/courses', token, { title: 'Storm' })).id as string;

    // The poller runs in its own thread: a client on the server's event loop would sleep through the very stalls
    // it should measure.
    const poller = new Worker(`
      const { parentPort, workerData } = require('node:worker_threads');
      const latencies = []; let failures = 0; let isStorming = true;
      parentPort.on('message', () => { isStorming = false; });
      (async () => {
        while (isStorming) {
          const started = performance.now();
          await fetch(workerData.url + '/health').then((r) => r.arrayBuffer()).catch(() => { failures += 1; });
          latencies.push(performance.now() - started);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        parentPort.postMessage({ latencies, failures });
      })();`, { eval: true, workerData: { url: app.url } });
    const polled = new Promise<{ latencies: number[]; failures: number }>((resolve) => poller.once('message', resolve));
    const started = Date.now();
    const ids = await Promise.all(SHAPES.map(async (shape) => {
      const form = new FormData();
      form.append('file', new Blob([shape.text], { type: shape.type }), shape.name);
      const res = await fetch(`${app.url}/v1/courses/${courseId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      return ((await res.json()) as { id: string }).id;
    }));
    // Keep polling until every job has finished (succeeded or failed), or 150 s.
    const statuses = new Map<string, string>();
    while (Date.now() - started < 150_000) {
      for (const id of ids) {
        const doc = await fetch(`${app.url}/v1/documents/${id}`, { headers: { authorization: `Bearer ${token}` } })
          .then(async (r) => (await r.json()) as { status: string }).catch(() => undefined);
        if (doc) statuses.set(id, doc.status);
      }
      if ([...statuses.values()].every((s) => ['succeeded', 'failed', 'dead_lettered'].includes(s))) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    poller.postMessage('stop');
    const { latencies, failures } = await polled;
    await poller.terminate();
    const p95 = percentile(latencies, 95);
    console.log(`uploads: ${SHAPES.length} × 1 MB pathological (${SHAPES.map((s) => s.name).join(', ')}), finished in ${((Date.now() - started) / 1000).toFixed(1)} s: ${[...statuses.values()].join(', ')}`);
    console.log(`/health during the storm: n=${latencies.length}, p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms, ${failures} failed (target p95 ≤ 200 ms: ${p95 <= 200 ? 'met' : 'NOT met'})`);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
