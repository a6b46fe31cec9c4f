// `npm run migrate`: applies pending migrations to DATABASE_URL, or to the PGlite database under DATA_DIR.
import { join } from 'node:path';
import { migrate, openDatabase } from '@tutorgraph/core';

const databaseUrl = process.env.DATABASE_URL;
const dataDir = process.env.DATA_DIR ?? '.data';
const handle = await openDatabase({ databaseUrl, pgliteDataDir: join(dataDir, 'pglite') });
try {
  const { applied, alreadyApplied } = await migrate(handle.db);
  console.log(`[migrate] ${handle.backend}: applied ${applied.length} (${applied.join(', ') || 'none'}), ${alreadyApplied} already applied`);
} finally {
  await handle.close();
}
