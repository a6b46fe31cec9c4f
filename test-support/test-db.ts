import { readFileSync } from 'node:fs';
import { type DatabaseHandle, openDatabase } from '../core/src/db/database.js';
import { migrate } from '../core/src/db/migrator.js';

/**
 * A fresh, migrated database for one test file: a copy of the run's PGlite template (or a new one when
 * no template exists), or the Postgres at TEST_DATABASE_URL.
 *
 * @example
 * const handle = await createTestDatabase();
 * afterAll(() => handle.close());
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  if (process.env.TEST_DATABASE_URL) {
    const handle = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL, poolSize: 4 });
    await migrate(handle.db);
    return handle;
  }
  const template = process.env.TG_TEST_TEMPLATE;
  if (template) {
    const blob = new Blob([readFileSync(template)]);
    return openDatabase({ pgliteDataDir: 'memory://', pgliteLoadFrom: blob });
  }
  const handle = await openDatabase({ pgliteDataDir: 'memory://' });
  await migrate(handle.db);
  return handle;
}
