import {
  type Config, type EmbeddingsProvider, type ObjectStorage, createLogger, createQueue,
} from '@tutorgraph/core';
import { createJobRuntime, startRosterSchedule } from '@tutorgraph/worker';
import type { Logger } from 'pino';
import { openConfiguredDatabase, startServer, type RunningServer } from '../tool-server/src/server.js';
import { seedDemo, waitForIngestion, type SeededDemo } from './demo-seed.js';

export interface DemoApp { server: RunningServer; url: string; demo: SeededDemo | undefined; close(): Promise<void> }

/**
 * The whole product in one process on embedded defaults: tool server, in-process worker (same queue and
 * database), and — unless `seed` is false — the demo tenant and courses, ingested. `npm run demo` and the
 * end-to-end suite both start it.
 *
 * @example
 * const app = await startDemoApp(loadConfig({ DEMO_MODE: 'true', PORT: '0' }), { seed: false });
 */
export async function startDemoApp(config: Config, options: { seed?: boolean; logger?: Logger; onProgress?: (done: number, total: number) => void } = {}): Promise<DemoApp> {
  const logger = options.logger ?? createLogger(config.logLevel, 'demo');
  const database = await openConfiguredDatabase(config);
  const queue = createQueue(config, database.db, logger, 'demo');
  const server = await startServer(config, { logger, database, queue });
  const services = server.deps.services as { storage: ObjectStorage; embeddings: EmbeddingsProvider };
  const runtime = createJobRuntime({
    config, db: database.db, storage: services.storage, embeddings: services.embeddings, logger, workerId: `demo-${process.pid}`,
  });
  await queue.start(runtime.processor);
  const stopSchedule = startRosterSchedule(database.db, queue, logger);
  let demo: SeededDemo | undefined;
  if (options.seed ?? true) {
    demo = await seedDemo(database.db, services.storage, queue, { maxBytes: config.upload.maxBytes, maxPages: config.upload.maxPages, maxAttempts: config.jobs.maxAttempts });
    const failures = await waitForIngestion(database.db, demo.tenantId, options.onProgress ?? (() => undefined));
    for (const failure of failures) logger.warn({ document: failure.title, status: failure.status }, 'demo document did not ingest');
  }
  return {
    server, url: server.url, demo,
    close: async () => {
      stopSchedule();
      await queue.close();
      await server.close();
      await database.close();
    },
  };
}
