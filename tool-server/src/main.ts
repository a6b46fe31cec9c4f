import { ConfigError, createLogger, loadConfig, secureDataDir } from '@tutorgraph/core';
import { startServer } from './server.js';

/** Production entry: parse config once (fail fast), start, and stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  secureDataDir(config.dataDir);
  const logger = createLogger(config.logLevel, 'tool-server');
  if (!config.redisUrl) logger.warn('REDIS_URL is not set: jobs use the in-process queue; run a worker in this process (npm run demo) or set REDIS_URL');
  const server = await startServer(config, { logger });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Compose gives 10 s between SIGTERM and SIGKILL: in-flight requests get 8 s to finish, then we exit on our own terms.
    const force = setTimeout(() => { logger.error('requests still running 8 s after SIGTERM; exiting'); process.exit(1); }, 8_000);
    force.unref();
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('tool-server failed to start:', error);
  process.exit(1);
});
