// `npm run demo`: the whole product on embedded defaults (PGlite, in-process queue, local providers),
// demo data seeded and ingested. Honours PORT and DATA_DIR; `--reset` starts from an empty DATA_DIR.
import { rmSync } from 'node:fs';
import { ConfigError, loadConfig, secureDataDir } from '@tutorgraph/core';
import { startDemoApp } from './demo-app.js';
import { verifyDemoServed } from './demo-verify.js';

const env = () => ({ ...process.env, DEMO_MODE: process.env.DEMO_MODE ?? 'true', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
let config;
try {
  config = loadConfig(env());
  if (process.argv.includes('--reset')) {
    rmSync(config.dataDir, { recursive: true, force: true });
    config = loadConfig(env());
  }
  secureDataDir(config.dataDir);
} catch (error) {
  if (error instanceof ConfigError) { console.error(error.message); process.exit(78); }
  throw error;
}

const started = Date.now();
let last = -1;
const app = await startDemoApp(config, {
  onProgress: (done, total) => { if (done !== last) { process.stdout.write(`\r[demo] ingesting course files: ${done}/${total}`); last = done; } },
});
process.stdout.write('\n');
const { url, demo } = app;
let check;
try {
  check = await verifyDemoServed(url, (demo?.courses ?? []).map((c) => c.title));
} catch (error) {
  console.error(`[demo] the demo started but is not usable: ${error instanceof Error ? error.message : String(error)}`);
  await app.close();
  process.exit(1);
}
console.log(`
TutorGraph demo is running (${((Date.now() - started) / 1000).toFixed(1)} s, ${app.server.database.backend}, ${app.server.queue.kind} queue, data in ${config.dataDir})

  Portal           ${url}/
  Health           ${url}/health
  API (OpenAPI)    ${url}/openapi.json
  Widget bundle    ${url}/widgets/tutorgraph.js
  Canvas config    ${url}/lti/canvas.json
  LTI login / JWKS ${url}/lti/login  ${url}/lti/keys
  Demo LMS         ${app.lmsUrl ?? '(off: PORT=0)'}   ← try a real LTI 1.3 launch into the psychology course

  Demo logins (portal buttons, or POST /v1/auth/dev-login {"persona": …}):
    Demo Admin       admin@demo.tutorgraph.test       persona "admin" (owner)
    Demo Instructor  instructor@demo.tutorgraph.test  persona "instructor"
    Demo Learner     learner@demo.tutorgraph.test     persona "learner"   (also "learner2"; mastery ${check.learnerMastery}%)

  Tenant  Demo University  ${demo?.tenantId}
${(demo?.courses ?? []).map((c) => `  Course  ${c.title.padEnd(55)} ${c.id}`).join('\n')}

Stop with Ctrl+C.  Start clean with: npm run demo -- --reset`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\n[demo] stopping…');
  await app.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
