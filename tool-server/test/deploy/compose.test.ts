import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_KEYS } from '@tutorgraph/core';
import { WORKER_SETTING_KEYS } from '@tutorgraph/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SETTINGS_CATALOG, envExampleText, withComposeSettings, withReadmeSettings } from '../../../scripts/settings-catalog.js';
import { type PostgresServer, startPostgresServer } from '../../../test-support/postgres-server.js';
import { type RedisServer, freePort, startRedis } from '../../../test-support/redis.js';

const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as {
  'x-app': { environment: Record<string, string> };
  services: Record<string, { command?: string[]; environment?: Record<string, string> }>;
};

/** Resolves compose's `${VAR:-default}` / `${VAR:?message}` the way `docker compose config` does with an empty .env. */
function resolveComposeValue(value: string, required: Record<string, string>): string {
  return String(value).replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_m, name: string, op: string | undefined, arg: string) => {
    if (op === '?') {
      const provided = required[name];
      if (provided === undefined) throw new Error(`compose requires ${name}: ${arg}`);
      return provided;
    }
    return op === '-' ? arg : '';
  });
}

describe('docker compose: settings and the production runtime', () => {
  it('when the config schema and the worker read settings, then the catalogue, compose and .env.example list each of them', () => {
    const read = [...CONFIG_KEYS, ...WORKER_SETTING_KEYS].sort();
    expect(Object.keys(SETTINGS_CATALOG).sort()).toEqual(read);
    expect(Object.keys(compose['x-app'].environment).sort()).toEqual(read);
    expect(readFileSync('docker-compose.yml', 'utf8')).toBe(withComposeSettings(readFileSync('docker-compose.yml', 'utf8')));
    expect(readFileSync('.env.example', 'utf8')).toBe(envExampleText());
    expect(readFileSync('README.md', 'utf8')).toBe(withReadmeSettings(readFileSync('README.md', 'utf8')));
  });

  it('when compose starts the services, then node runs the built JavaScript directly (no npm, npx or tsx in between)', () => {
    expect(compose.services['tool-server']?.command).toEqual(['node', 'dist/tool-server/main.mjs']);
    expect(compose.services.worker?.command).toEqual(['node', 'dist/worker/main.mjs']);
    const dockerfile = readFileSync('infra/docker/Dockerfile', 'utf8');
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/tool-server\/main\.mjs"\]$/m);
    const instructions = `${dockerfile}\n${readFileSync('docker-compose.yml', 'utf8')}`.split('\n').filter((line) => !line.trim().startsWith('#'));
    expect(instructions.join('\n')).not.toMatch(/\b(npx|tsx)\b/);
  });

  describe('the bundled server and two workers started with compose\'s environment on Postgres 15 + pgvector and Redis', () => {
    let pg: PostgresServer;
    let redis: RedisServer;
    let env: Record<string, string>;
    let dataDir: string;
    const children: ChildProcess[] = [];
    const logs = new Map<ChildProcess, string>();

    const startProcess = (entry: string, extra: Record<string, string> = {}) => {
      const child = spawn(process.execPath, [entry], { env: { PATH: process.env.PATH ?? '', ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
      logs.set(child, '');
      const collect = (data: Buffer) => logs.set(child, `${logs.get(child) ?? ''}${data.toString()}`.slice(-20_000));
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
      children.push(child);
      return child;
    };
    const waitHealthy = async (url: string, child: ChildProcess, timeoutMs = 120_000) => {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${logs.get(child)}`);
        const ok = await fetch(url).then((r) => r.ok, () => false);
        if (ok) return;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`${url} not healthy within ${timeoutMs} ms: ${logs.get(child)}`);
    };
    const exitWithin = (child: ChildProcess, ms: number) => new Promise<{ code: number | null; ms: number }>((resolve, reject) => {
      const started = Date.now();
      if (child.exitCode !== null) return resolve({ code: child.exitCode, ms: 0 });
      const timer = setTimeout(() => reject(new Error(`did not exit within ${ms} ms: ${logs.get(child)}`)), ms);
      child.once('exit', (code) => { clearTimeout(timer); resolve({ code, ms: Date.now() - started }); });
    });

    beforeAll(async () => {
      [pg, redis] = await Promise.all([startPostgresServer(), startRedis()]);
      const databaseUrl = pg.url;
      dataDir = mkdtempSync(join(tmpdir(), 'tg-compose-'));
      const required = {
        APP_TOKEN_KEYS: `k1:${randomBytes(32).toString('base64')}`, LTI_KEY: randomBytes(32).toString('hex'), POSTGRES_PASSWORD: 'unused',
      };
      env = Object.fromEntries(Object.entries(compose['x-app'].environment).map(([key, value]) => [key, resolveComposeValue(value, required)]));
      // Only what the compose network provides differs: service hostnames, the published port, the volume.
      Object.assign(env, {
        DATABASE_URL: databaseUrl, REDIS_URL: redis.url, DATA_DIR: dataDir, PORT: String(await freePort()), LOG_LEVEL: 'warn',
      });
    }, 180_000);

    afterAll(async () => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      await Promise.all([pg?.stop(), redis?.stop()]);
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('when every optional setting is empty, then the server and two workers start and report healthy', async () => {
      expect(env.OPENAI_BASE_URL).toBe('');
      expect(env.S3_ENDPOINT).toBe('');
      const server = startProcess('dist/tool-server/main.mjs');
      await waitHealthy(`http://127.0.0.1:${env.PORT}/health`, server);
      const ports = [await freePort(), await freePort()];
      const workers = ports.map((port) => startProcess('dist/worker/main.mjs', { WORKER_HEALTH_PORT: String(port) }));
      await Promise.all(workers.map((worker, i) => waitHealthy(`http://127.0.0.1:${ports[i]}/health`, worker)));
      const health = await (await fetch(`http://127.0.0.1:${env.PORT}/health`)).json() as { db: string; queue: string };
      expect(health).toMatchObject({ db: 'postgres', queue: 'bullmq' });
      expect(readdirSync(dataDir)).toBeDefined();
    }, 300_000);

    it('when the server gets SIGTERM during a request, then the request is answered and the process exits 0 within 10 s', async () => {
      const server = children[0]!;
      const body = JSON.stringify({ persona: 'admin' });
      const answered = new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: Number(env.PORT), path: '/v1/auth/dev-login', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.write(body.slice(0, 5));
        // The request is in flight (headers and part of the body sent) when the signal arrives.
        setTimeout(() => { server.kill('SIGTERM'); setTimeout(() => req.end(body.slice(5)), 300); }, 300);
      });
      expect(await answered).toBe(404); // dev login is off in production: the app answered, in its error model
      const exit = await exitWithin(server, 10_000);
      expect(exit.code).toBe(0);
    }, 30_000);

    it('when the workers get SIGTERM, then each exits 0 within 10 s', async () => {
      const workers = children.slice(1, 3);
      for (const worker of workers) worker.kill('SIGTERM');
      const exits = await Promise.all(workers.map((worker) => exitWithin(worker, 10_000)));
      expect(exits.map((e) => e.code)).toEqual([0, 0]);
    }, 30_000);
  });

  it('when the bundles import third-party packages, then each is a runtime dependency (the image has no devDependencies)', async () => {
    // dist/ was built by the test run's global setup (test-support/global-setup.ts).
    const manifests = ['package.json', 'core/package.json', 'tool-server/package.json', 'worker/package.json', 'widgets/package.json']
      .map((file) => JSON.parse(readFileSync(file, 'utf8')) as { dependencies?: Record<string, string> });
    const runtime = new Set(manifests.flatMap((m) => Object.keys(m.dependencies ?? {})));
    const imported = new Set<string>();
    for (const entry of ['dist/tool-server/main.mjs', 'dist/worker/main.mjs', 'dist/worker/parse-thread.mjs', 'dist/admin/main.mjs']) {
      const code = readFileSync(entry, 'utf8');
      const specifiers = [
        ...code.matchAll(/^import\s[^;]*?from\s*["']([^"']+)["'];?$/gm), ...code.matchAll(/^import\s*["']([^"']+)["'];?$/gm),
        ...code.matchAll(/\b(?:require|import)\(\s*["']([^"'./][^"']*)["']\s*\)/g),
      ];
      for (const match of specifiers) {
        const spec = match[1]!;
        if (spec.startsWith('node:')) continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        imported.add(name);
      }
    }
    const builtins = new Set((await import('node:module')).builtinModules);
    const missing = [...imported].filter((name) => !builtins.has(name) && !runtime.has(name));
    expect(imported.size).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  }, 120_000);
});
