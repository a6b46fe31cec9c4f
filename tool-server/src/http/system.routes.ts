import { HealthResponse, VersionResponse } from '@tutorgraph/core';
import { type Router } from 'express';
import { sql } from 'kysely';
import type { AppDeps } from '../deps.js';

async function check(probe: () => Promise<unknown>, timeoutMs = 2000): Promise<'ok' | 'failing'> {
  try {
    await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref())]);
    return 'ok';
  } catch {
    return 'failing';
  }
}

/** `/health` (503 when a dependency fails) and `/version`: outside /v1, unauthenticated, for load balancers. */
export function registerSystemRoutes(router: Router, deps: AppDeps): void {
  router.get('/health', async (_req, res) => {
    const db = await check(() => sql`select 1`.execute(deps.db));
    const queue = deps.queue ? await check(async () => { if (!(await deps.queue?.isHealthy())) throw new Error('queue down'); }) : 'ok';
    const startup = deps.startup ? (deps.startup.isReady ? 'ok' : 'starting') : undefined;
    const ok = db === 'ok' && queue === 'ok' && startup !== 'starting';
    res.status(ok ? 200 : 503).json(HealthResponse.parse({
      ok, uptime_ms: Date.now() - deps.startedAt, version: deps.version, db: deps.dbBackend,
      queue: deps.queue?.kind ?? 'none', checks: { db, queue, ...(startup ? { startup } : {}) },
    }));
  });
  router.get('/version', (_req, res) => {
    res.json(VersionResponse.parse({ version: deps.version, node: process.version, commit: process.env.GIT_COMMIT ?? null }));
  });
}
