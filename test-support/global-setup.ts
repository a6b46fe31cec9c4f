import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../core/src/db/database.js';
import { migrate } from '../core/src/db/migrator.js';

/**
 * Runs once per `vitest run`: builds the production bundles, and one migrated PGlite database that it dumps, so each test file can
 * start from a copy in ~1 s instead of creating and migrating its own (5–12 s).
 * With TEST_DATABASE_URL set, tests run against that Postgres instead and this is skipped.
 */
export default async function setup(): Promise<() => void> {
  // The production bundles (dist/*/main.mjs) are built once here, before any test file starts: the suites that run
  // them (deploy/, production/) would otherwise race to rewrite dist/ while another one is starting a process from it.
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' });
  if (process.env.TEST_DATABASE_URL) {
    console.log(`[tests] database backend: postgres (${new URL(process.env.TEST_DATABASE_URL).host})`);
    return () => undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'tg-template-'));
  const handle = await openDatabase({ pgliteDataDir: 'memory://' });
  await migrate(handle.db);
  const dump = await handle.pglite!.dumpDataDir('none');
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  process.env.TG_TEST_TEMPLATE = file;
  console.log('[tests] database backend: pglite (in-memory, from a migrated template)');
  return () => rmSync(dir, { recursive: true, force: true });
}
