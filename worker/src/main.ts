import { hostname } from 'node:os';
import { ConfigError, createLogger, loadConfig, secureDataDir } from '@tutorgraph/core';
import { runWorker } from './run-worker.js';
import { type WorkerSettings, loadWorkerSettings } from './worker-settings.js';

// The worker process: parse config, run the worker (run-worker.ts), and stop gracefully on SIGINT/SIGTERM:
// running jobs get WORKER_STOP_GRACE_MS to finish, the rest are released to other workers, and the process
// exits within compose's 10 s stop window even when Redis or Postgres is away. A SIGKILL is recovered by
// another worker once the job's lease runs out.

let config;
let settings: WorkerSettings;
try {
  config = loadConfig(process.env);
  settings = loadWorkerSettings(process.env);
} catch (error) {
  if (error instanceof ConfigError || (error instanceof Error && error.message.startsWith('Invalid worker settings'))) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG, as the tool server
  }
  throw error;
}
secureDataDir(config.dataDir);
const workerId = process.env.WORKER_ID ?? `${hostname()}:${process.pid}`;
const logger = createLogger(config.logLevel, 'worker').child({ workerId });
if (!config.redisUrl) {
  logger.warn('REDIS_URL is not set: this worker uses the in-process queue and only runs jobs already waiting in its database at start-up. Set REDIS_URL for a separate worker, or run jobs inside the tool server (npm run demo).');
}
const stageDelayMs = config.env === 'test' ? Number(process.env.TG_TEST_STAGE_DELAY_MS ?? 0) : 0;
const worker = await runWorker({ config, settings, logger, workerId, stageDelayMs });

let isStopping = false;
async function stop(signal: string): Promise<void> {
  if (isStopping) return;
  isStopping = true;
  logger.info({ signal, graceMs: settings.stopGraceMs }, 'worker stopping: finishing running jobs');
  const force = setTimeout(() => { logger.error('worker did not stop within 9.5 s; exiting'); process.exit(1); }, 9500);
  force.unref();
  try {
    const { released } = await worker.stop();
    logger.info({ released }, 'worker stopped');
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'worker stop failed');
    process.exit(1);
  }
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
