import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { type Config, type DatabaseHandle, InProcessQueue, loadConfig, createLogger, seedDemoTenant } from '@tutorgraph/core';
import { createApp, type AppExtension, type TutorGraphApp } from '../../src/app.js';
import type { AppDeps } from '../../src/deps.js';
import { type AppServices, buildServices } from '../../src/services.js';
import { VERSION } from '../../src/version.js';
import { createTestDatabase } from '../../../test-support/test-db.js';

export interface TestApp {
  baseUrl: string;
  deps: AppDeps;
  app: TutorGraphApp;
  db: DatabaseHandle;
  demo: Awaited<ReturnType<typeof seedDemoTenant>>;
  /** Signs in through dev login and returns the bearer token. */
  login(who: 'admin' | 'instructor' | 'learner' | 'learner2' | { email: string }): Promise<string>;
  /** fetch against the app with JSON in and out. */
  api(path: string, init?: { method?: string; token?: string; body?: unknown; tenantId?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/** Test configuration: fresh keys, dev login on, quiet logs, generous rate limits unless overridden. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    APP_TOKEN_KEYS: `test-${randomBytes(3).toString('hex')}:${randomBytes(32).toString('base64')}`,
    LTI_KEY: randomBytes(24).toString('hex'),
    DEV_LOGIN: 'true',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '10000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '10000',
    RATE_LIMIT_EXPENSIVE_PER_MINUTE: '10000',
    DATA_DIR: `/tmp/tg-test-${randomBytes(4).toString('hex')}`,
    ...env,
  });
}

/**
 * Starts the real app on a free port with a fresh database and the demo tenant seeded. Its services come from
 * the production wiring (`buildServices`); a test replaces ports by passing `services`, or by returning them from
 * `configure` when they need the database or configuration (a started queue, a storage folder). The default job
 * queue is an in-process one that is never started: jobs stay `queued`.
 *
 * @example
 * const t = await startTestApp(); const token = await t.login('admin'); … await t.close();
 */
export async function startTestApp(options: {
  env?: Record<string, string>; services?: Partial<AppServices>; extensions?: AppExtension[];
  configure?: (deps: Omit<AppDeps, 'services'>) => Partial<AppServices> | void | Promise<Partial<AppServices> | void>;
} = {}): Promise<TestApp> {
  const config = testConfig({ PORT: '0', ...options.env });
  const db = await createTestDatabase();
  const demo = await seedDemoTenant(db.db);
  const base: Omit<AppDeps, 'services'> = { config, db: db.db, dbBackend: db.backend, logger: createLogger('silent'), version: VERSION, startedAt: Date.now() };
  const configured = (await options.configure?.(base)) ?? {};
  const idleQueue = new InProcessQueue({ db: db.db, concurrency: 1, sweepIntervalMs: 0 });
  const deps: AppDeps = { ...base, services: buildServices(config, db.db, idleQueue, { ...options.services, ...configured }) };
  const app = createApp(deps, options.extensions);
  const server: Server = await new Promise((resolve) => { const s = app.app.listen(0, '127.0.0.1', () => resolve(s)); });
  // Tests pause between requests (seeding, embedding) for longer than Node's 5 s keep-alive: fetch would reuse a
  // socket the server is closing at that moment (ECONNRESET on a loaded machine). Keep idle sockets open longer.
  server.keepAliveTimeout = 120_000;
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  deps.config.publicUrl = baseUrl;

  const api: TestApp['api'] = async (path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.tenantId) headers['x-tenant-id'] = init.tenantId;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers,
      ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
    });
    const text = await response.text();
    let body: unknown = text;
    try { body = text ? JSON.parse(text) : null; } catch { /* not JSON: keep the text */ }
    return { status: response.status, body, headers: response.headers };
  };
  const login: TestApp['login'] = async (who) => {
    const payload = typeof who === 'string' ? { persona: who } : { persona: 'learner', email: who.email };
    const res = await api('/v1/auth/dev-login', { body: payload });
    if (res.status !== 200) throw new Error(`dev-login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  };
  return {
    baseUrl, deps, app, db, demo, login, api,
    close: async () => {
      await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
      await idleQueue.close();
      await db.close();
    },
  };
}
