import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { findAppRoot } from '../config/app-root.js';
import type { Database } from './schema.js';

/** The repository's `migrations/` folder. */
export const MIGRATIONS_DIR = join(findAppRoot(), 'migrations');

export interface MigrationFile { version: number; name: string; sql: string; checksum: string }
export interface MigrationResult { applied: string[]; alreadyApplied: number }

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;
// Any constant works; it only has to be the same for every process that migrates this database.
const MIGRATION_LOCK_KEY = 4_281_337;

/** Reads `NNNN_name.sql` files in version order; refuses duplicate numbers (gaps are allowed: features own number ranges). */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  const files: MigrationFile[] = [];
  for (const fileName of names) {
    const match = FILE_PATTERN.exec(fileName);
    if (!match) throw new Error(`Migration file name "${fileName}" must look like 0001_name.sql`);
    const text = await readFile(join(dir, fileName), 'utf8');
    const version = Number(match[1]);
    if (files.some((file) => file.version === version)) throw new Error(`Migration ${fileName}: version ${version} is used twice`);
    files.push({ version, name: match[2] ?? fileName, sql: text, checksum: createHash('sha256').update(text).digest('hex') });
  }
  return files;
}

/**
 * Applies pending forward-only migrations, each in its own transaction, recording them in
 * `schema_migrations`. Running it again is a no-op; an edited, already-applied file is an error.
 * A session advisory lock keeps two processes starting at once from racing.
 *
 * @example
 * const { applied } = await migrate(db);
 */
export async function migrate(db: Kysely<Database>, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = await readMigrations(dir);
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (
        version integer primary key, name text not null, checksum text not null,
        applied_at timestamptz not null default now())`.execute(conn);
      const done = await conn.selectFrom('schema_migrations').select(['version', 'name', 'checksum']).execute();
      const doneByVersion = new Map(done.map((row) => [row.version, row]));
      const applied: string[] = [];
      for (const file of files) {
        const previous = doneByVersion.get(file.version);
        if (previous) {
          if (previous.checksum !== file.checksum) {
            throw new Error(`Migration ${file.version}_${file.name} was edited after it was applied; add a new migration instead`);
          }
          continue;
        }
        await conn.transaction().execute(async (trx) => {
          await sql.raw(file.sql).execute(trx);
          await trx.insertInto('schema_migrations')
            .values({ version: file.version, name: file.name, checksum: file.checksum })
            .execute();
        });
        applied.push(`${String(file.version).padStart(4, '0')}_${file.name}`);
      }
      return { applied, alreadyApplied: files.length - applied.length };
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
}
