import { join } from 'node:path';
import {
  type Config, type JobOutcome, createEmbeddingsProvider, createQueue, createStorage, ensureEmbeddingIndex, migrate, openDatabase,
  releaseWorkerJobs,
} from '@tutorgraph/core';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { type HealthServer, type WorkerHealth, startHealthServer } from './health-server.js';
import { createJobRuntime } from './job-runtime.js';
import { startRosterSchedule } from './schedules.js';
import type { WorkerSettings } from './worker-settings.js';

/** A started worker process: its health report, the port that serves it, and a graceful stop. */
export interface RunningWorker {
  healthPort: number;
  health(): Promise<WorkerHealth>;
  /** Stops taking jobs, lets running ones finish within `settings.stopGraceMs`, releases the rest, closes everything. */
  stop(): Promise<{ released: number }>;
}

export interface RunWorkerOptions {
  config: Config;
  settings: WorkerSettings;
  logger: Logger;
  /** Shown in the jobs row and the logs; unique per process. */
  workerId: string;
  /** Test-only pause after each ingestion stage. @defaultValue 0 */
  stageDelayMs?: number;
}

async function probe(check: () => Promise<unknown>, timeoutMs = 1500): Promise<'ok' | 'failing'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([check(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), timeoutMs); })]);
    return 'ok';
  } catch {
    return 'failing';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs a worker: opens (and migrates) the database, builds the handlers, serves GET /health, starts the
 * queue with its job sweeper and the once-per-cluster roster schedule. Connection errors of Postgres and
 * Redis are logged, never fatal: the queue reconnects, the pool reconnects on demand, and jobs whose
 * run failed on the way are handed over again by the sweeper.
 *
 * @example
 * const worker = await runWorker({ config, settings: loadWorkerSettings(process.env), logger, workerId });
 * process.on('SIGTERM', () => void worker.stop().then(() => process.exit(0)));
 */
export async function runWorker(options: RunWorkerOptions): Promise<RunningWorker> {
  const { config, settings, logger, workerId } = options;
  const startedAt = Date.now();
  let state: WorkerHealth['state'] = 'starting';
  let lastConnectionErrorAt = 0;
  const database = await openDatabase({
    databaseUrl: config.databaseUrl, pgliteDataDir: join(config.dataDir, 'pglite'), poolSize: config.jobs.concurrency + 2,
    onConnectionError: (error) => {
      // A restart errors every pooled connection at once: one line per second is enough.
      if (Date.now() - lastConnectionErrorAt > 1000) logger.warn({ err: error }, 'database connection lost; reconnecting on demand');
      lastConnectionErrorAt = Date.now();
    },
  });
  await migrate(database.db);
  const embeddings = createEmbeddingsProvider(config);
  await ensureEmbeddingIndex(database.db, embeddings.model, embeddings.dimensions);
  const { processor, registry } = createJobRuntime({
    config, db: database.db, storage: createStorage(config), embeddings, logger, workerId,
    stageDelayMs: options.stageDelayMs ?? 0, leaseMs: settings.leaseMs,
  });

  const counts: Record<string, number> = {};
  let active = 0;
  const count = (key: string) => { counts[key] = (counts[key] ?? 0) + 1; };
  const countedProcessor = async (jobId: string): Promise<JobOutcome> => {
    active += 1;
    try {
      const outcome = await processor(jobId);
      count(outcome.status);
      return outcome;
    } catch (error) {
      // runJob records job failures itself; reaching here means the database was away mid-run.
      count('crashed');
      logger.error({ err: error, jobId }, 'job run crashed (database unreachable?); the queue or the sweeper retries it');
      throw error;
    } finally {
      active -= 1;
    }
  };

  const queue = createQueue(config, database.db, logger, workerId, { sweepIntervalMs: settings.sweepIntervalMs });
  const health = async (): Promise<WorkerHealth> => {
    const [db, redis] = await Promise.all([
      probe(() => sql`select 1`.execute(database.db)),
      queue.kind === 'bullmq' ? probe(async () => { if (!(await queue.isHealthy())) throw new Error('redis down'); }) : Promise.resolve('none' as const),
    ]);
    return {
      ok: state === 'running' && db === 'ok' && redis !== 'failing', worker_id: workerId, state, queue: queue.kind,
      checks: { db, redis }, active_jobs: active, jobs: { ...counts }, uptime_ms: Date.now() - startedAt,
    };
  };
  const healthServer: HealthServer = await startHealthServer(settings.healthPort, settings.healthHost, health);
  await queue.start(countedProcessor);
  const stopSchedule = startRosterSchedule(database.db, queue, logger);
  state = 'running';
  logger.info({
    queue: queue.kind, kinds: registry.kinds(), concurrency: config.jobs.concurrency, healthPort: healthServer.port, leaseMs: settings.leaseMs,
  }, 'worker started');

  return {
    healthPort: healthServer.port,
    health,
    stop: async () => {
      state = 'stopping';
      stopSchedule();
      const { isDrained } = await queue.close({ graceMs: settings.stopGraceMs });
      let released = 0;
      if (!isDrained || active > 0) {
        // Jobs still running after the grace period go back to `queued`, uncounted, for another worker.
        // If the database is away too, their leases run out and the sweeper recovers them as stalled.
        const rows = await Promise.race([
          releaseWorkerJobs(database.db, workerId),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref()),
        ]).catch((error: unknown) => { logger.warn({ err: error }, 'could not release running jobs; their leases will expire'); return []; });
        released = rows.length;
        if (released > 0) logger.warn({ released: rows.map((r) => r.id) }, 'released running jobs to other workers');
      }
      await healthServer.close();
      await Promise.race([database.close(), new Promise((resolve) => setTimeout(resolve, 500).unref())]).catch(() => undefined);
      return { released };
    },
  };
}
