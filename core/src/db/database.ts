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
  /** How long to wait for a new Postgres connection before the query fails (as UNAVAILABLE). @defaultValue 5000 */
  connectionTimeoutMs?: number;
  /** Told about connection errors outside a query (a server restart, a dropped socket); they never crash the process. */
  onConnectionError?: (error: Error) => void;
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
    const pool = new pg.Pool({
      connectionString: options.databaseUrl, max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
      // Dead sockets (a server that vanished without closing them) are noticed instead of waited on forever.
      keepAlive: true,
    });
    const onError = (error: Error) => options.onConnectionError?.(error);
    // A server restart (57P01 admin_shutdown) or a dropped socket errors every connection. The pool only listens
    // on idle ones; a connection checked out (e.g. between two statements of a transaction) emits on the
    // client itself, and an unheard 'error' event kills the process. Listen on both: the query in flight
    // rejects (→ 503 UNAVAILABLE), the broken connection is dropped, and the pool reconnects on demand.
    pool.on('error', onError);
    pool.on('connect', (client) => client.on('error', onError));
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

/** SQLSTATE classes and socket errors that mean "the database is not reachable right now", not "the query is wrong". */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006', '08P01']);
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated', 'Client has encountered a connection error', 'timeout exceeded when trying to connect',
  'Client was closed and is not queryable', 'the database system is',
];

/**
 * True when an error (or any error in its `cause` chain) says the database is away: the server restarting
 * or shutting down, the connection refused, reset or timed out. The HTTP shell answers these 503 UNAVAILABLE
 * instead of 500, and workers treat them as transient.
 *
 * @example
 * if (isDatabaseUnavailableError(error)) throw new AppError('UNAVAILABLE', 'The database is not reachable', undefined, { cause: error });
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth += 1) {
    if (typeof current !== 'object') return false;
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((text) => message.includes(text))) return true;
    if (current instanceof AggregateError && current.errors.some((inner) => isDatabaseUnavailableError(inner))) return true;
  }
  return false;
}
