// `npm run demo`: the whole product on embedded defaults (PGlite, in-process queue, local providers),
// demo data seeded and ingested. Honours PORT and DATA_DIR; `--reset` starts from an empty DATA_DIR.
import { rmSync } from 'node:fs';
import {
  type EmbeddingsProvider, type ObjectStorage, ConfigError, createLogger, createQueue, loadConfig,
} from '@tutorgraph/core';
import { createJobRuntime } from '@tutorgraph/worker';
import { openConfiguredDatabase, startServer } from '../tool-server/src/server.js';
import { seedDemo, waitForIngestion } from './demo-seed.js';

const reset = process.argv.includes('--reset');
let config;
try {
  config = loadConfig({ ...process.env, DEMO_MODE: process.env.DEMO_MODE ?? 'true', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
} catch (error) {
  if (error instanceof ConfigError) { console.error(error.message); process.exit(78); }
  throw error;
}
if (reset) {
  rmSync(config.dataDir, { recursive: true, force: true });
  config = loadConfig({ ...process.env, DEMO_MODE: process.env.DEMO_MODE ?? 'true', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
}
const started = Date.now();
const logger = createLogger(config.logLevel, 'demo');
const database = await openConfiguredDatabase(config);
const queue = createQueue(config, database.db, logger, 'demo');
const server = await startServer(config, { logger, database, queue });
const services = server.deps.services as { storage: ObjectStorage; embeddings: EmbeddingsProvider };
const runtime = createJobRuntime({ config, db: database.db, storage: services.storage, embeddings: services.embeddings, logger, workerId: `demo-${process.pid}` });
await queue.start(runtime.processor);

const demo = await seedDemo(database.db, services.storage, queue, { maxBytes: config.upload.maxBytes, maxAttempts: config.jobs.maxAttempts });
let last = -1;
const failures = await waitForIngestion(database.db, demo.tenantId, (done, total) => {
  if (done !== last) { process.stdout.write(`\r[demo] ingesting course files: ${done}/${total}`); last = done; }
});
process.stdout.write('\n');
for (const failure of failures) console.warn(`[demo] ${failure.title}: ${failure.status}`);

const url = server.url;
console.log(`
TutorGraph demo is running (${((Date.now() - started) / 1000).toFixed(1)} s, ${database.backend}, ${queue.kind} queue, data in ${config.dataDir})

  Portal           ${url}/
  Health           ${url}/health
  API (OpenAPI)    ${url}/openapi.json
  Widget bundle    ${url}/widgets/tutorgraph.js
  Canvas config    ${url}/lti/canvas.json
  LTI login / JWKS ${url}/lti/login  ${url}/lti/keys

  Demo logins (portal buttons, or POST /v1/auth/dev-login {"persona": …}):
    Demo Admin       admin@demo.tutorgraph.test       persona "admin" (owner)
    Demo Instructor  instructor@demo.tutorgraph.test  persona "instructor"
    Demo Learner     learner@demo.tutorgraph.test     persona "learner"   (also "learner2")

  Tenant  Demo University  ${demo.tenantId}
${demo.courses.map((c) => `  Course  ${c.title.padEnd(55)} ${c.id}`).join('\n')}

Stop with Ctrl+C.  Start clean with: npm run demo -- --reset`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\n[demo] stopping…');
  await queue.close();
  await server.close();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
