import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError, createEmbeddingsProvider, createLogger, createQueue, createStorage, ensureEmbeddingIndex, loadConfig, migrate, openDatabase,
} from '@tutorgraph/core';
import { createJobRuntime } from './job-runtime.js';
import { startRosterSchedule } from './schedules.js';

// The worker process: parse config, open the database, build the queue and handlers, start, and stop
// gracefully on SIGINT/SIGTERM (running jobs finish; a SIGKILL is recovered by another worker as stalled).

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
const workerId = process.env.WORKER_ID ?? `${hostname()}:${process.pid}`;
const logger = createLogger(config.logLevel, 'worker').child({ workerId });
if (!config.redisUrl) {
  logger.warn('REDIS_URL is not set: this worker uses the in-process queue and only runs jobs already waiting in its database at start-up. Set REDIS_URL for a separate worker, or run jobs inside the tool server (npm run demo).');
}
const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDataDir: join(config.dataDir, 'pglite'), poolSize: config.jobs.concurrency + 2 });
await migrate(database.db);
const embeddings = createEmbeddingsProvider(config);
await ensureEmbeddingIndex(database.db, embeddings.model, embeddings.dimensions);
const stageDelayMs = config.env === 'test' ? Number(process.env.TG_TEST_STAGE_DELAY_MS ?? 0) : 0;
const { processor, registry } = createJobRuntime({
  config, db: database.db, storage: createStorage(config), embeddings, logger, workerId, stageDelayMs,
});
const queue = createQueue(config, database.db, logger, workerId);
await queue.start(processor);
logger.info({ queue: queue.kind, kinds: registry.kinds(), concurrency: config.jobs.concurrency }, 'worker started');
const stopSchedule = startRosterSchedule(database.db, queue, logger);

let isStopping = false;
async function stop(signal: string): Promise<void> {
  if (isStopping) return;
  isStopping = true;
  logger.info({ signal }, 'worker stopping: finishing running jobs');
  const force = setTimeout(() => { logger.error('worker did not stop within 30 s; exiting'); process.exit(1); }, 30_000);
  force.unref();
  try {
    stopSchedule();
    await queue.close();
    await database.close();
    logger.info('worker stopped');
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'worker stop failed');
    process.exit(1);
  }
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
