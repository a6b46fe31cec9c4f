import {
  type Config, type DatabaseHandle, type EmbeddingsProvider, type ObjectStorage, createLogger, createQueue, type LlmProvider, createLlmProvider,
} from '@tutorgraph/core';
import { createJobRuntime, startRosterSchedule } from '@tutorgraph/worker';
import type { Logger } from 'pino';
import { openConfiguredDatabase, startServer, type RunningServer } from '../tool-server/src/server.js';
import { startDemoLms } from './demo-lms.js';
import { seedDemo, seedPastAttempts, seedPastQuestions, waitForIngestion, type SeededDemo } from './demo-seed.js';

export interface DemoApp { server: RunningServer; url: string; demo: SeededDemo | undefined; lmsUrl: string | undefined; close(): Promise<void> }

/**
 * The whole product in one process on embedded defaults: tool server, in-process worker (same queue and
 * database), and — unless `seed` is false — the demo tenant and courses, ingested. `npm run demo` and the
 * end-to-end suite both start it.
 *
 * @example
 * const app = await startDemoApp(loadConfig({ DEMO_MODE: 'true', PORT: '0' }), { seed: false });
 */
export async function startDemoApp(config: Config, options: {
  seed?: boolean; logger?: Logger; onProgress?: (done: number, total: number) => void;
  /** An already-open database to use instead of the configured one (tests pass a fresh copy of the migrated template); closed with the app. */
  database?: DatabaseHandle;
} = {}): Promise<DemoApp> {
  const logger = options.logger ?? createLogger(config.logLevel, 'demo');
  // The demo LMS on PORT+1 frames the tool, so it must be an allowed frame ancestor (CSP frame-ancestors).
  const lmsOrigin = (options.seed ?? true) && config.port > 0 ? `http://127.0.0.1:${config.port + 1}` : undefined;
  if (lmsOrigin && !config.frameAncestors.includes(lmsOrigin)) config.frameAncestors = [...config.frameAncestors, lmsOrigin];
  // The demo LMS listens on loopback, which the outbound policy refuses unless allowlisted (as an on-premise LMS would be).
  if (lmsOrigin) config.outbound = { ...config.outbound, allowHosts: [...config.outbound.allowHosts, new URL(lmsOrigin).host] };
  const database = options.database ?? (await openConfiguredDatabase(config));
  const queue = createQueue(config, database.db, logger, 'demo');
  // Until the demo is seeded and ingested, /health says "starting" (503): a learner signing in earlier would see no data.
  const startup = { isReady: !(options.seed ?? true) };
  const server = await startServer(config, { logger, database, queue, startup });
  const services = server.deps.services as { storage: ObjectStorage; embeddings: EmbeddingsProvider; llm?: LlmProvider };
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
    await seedPastAttempts(database.db, demo, services.embeddings);
    await seedPastQuestions(database.db, demo, { embeddings: services.embeddings, llm: services.llm ?? createLlmProvider(config) });
  }
  // The demo LMS (the LTI test platform) listens on PORT+1 so its issuer, and so its registration, is stable.
  const lms = demo && config.port > 0
    ? await startDemoLms(database.db, {
      toolUrl: config.publicUrl, port: config.port + 1, tenantId: demo.tenantId, ownerId: demo.users.admin,
      courseId: demo.courses.find((c) => c.title.startsWith('Psychology'))?.id,
    })
    : undefined;
  startup.isReady = true;
  return {
    server, url: server.url, demo, lmsUrl: lms ? `${lms.url}/` : undefined,
    close: async () => {
      stopSchedule();
      await lms?.close();
      await queue.close();
      await server.close();
      await database.close();
    },
  };
}
