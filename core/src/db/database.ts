import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { vector } from '@electric-sql/pglite-pgvector';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

// Postgres `bigint` and `numeric` come back as strings by default; our counts and byte sizes fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export type DatabaseBackend = 'pglite' | 'postgres';

export interface DatabaseOptions {
  /** Postgres connection string; when absent the embedded PGlite database is used. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files: a folder path, or `memory://` for a throwaway database. */
  pgliteDataDir?: string;
  /** A dumped PGlite data dir (tar) to start from, e.g. a migrated template in tests. */
  pgliteLoadFrom?: Blob | File;
  /** Pool size for Postgres. @defaultValue 10 */
  poolSize?: number;
}

/** A live database: the kysely instance, which backend it runs on, and how to close it. */
export interface DatabaseHandle {
  db: Kysely<Database>;
  backend: DatabaseBackend;
  /** The embedded instance, when the backend is PGlite (tests dump it as a template). */
  pglite?: PGlite;
  close(): Promise<void>;
}

/**
 * Opens the database chosen by configuration. Both backends go through node-postgres and kysely's
 * PostgresDialect, so SQL, type parsing and transactions behave the same in the demo and in production.
 *
 * @example
 * const { db, close } = await openDatabase({ pgliteDataDir: 'memory://' });
 */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    pool.on('error', () => undefined); // idle-client errors surface on the next query; don't crash the process
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    await sql`select 1`.execute(db);
    return { db, backend: 'postgres', close: () => db.destroy() };
  }
  const dataDir = options.pgliteDataDir ?? 'memory://';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, {
    extensions: { vector },
    ...(options.pgliteLoadFrom ? { loadDataDir: options.pgliteLoadFrom } : {}),
  });
  // PGlite is a single backend: one connection, so kysely serialises queries and transactions never interleave.
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    backend: 'pglite',
    pglite,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}
