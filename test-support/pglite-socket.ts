import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { freePort } from './redis.js';

export interface PostgresWireServer { url: string; stop(): Promise<void> }

/**
 * Serves an in-memory PGlite (with pgvector) over the Postgres wire protocol on loopback, so code paths that
 * take a DATABASE_URL (node-postgres Pool) run for real without a Postgres server on this machine.
 * All connections share one backend; keep pool sizes ≤ `maxConnections`.
 */
export async function startPostgresWireServer(maxConnections = 10): Promise<PostgresWireServer> {
  const db = await PGlite.create('memory://', { extensions: { vector } });
  const port = await freePort();
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections });
  await server.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    stop: async () => { await server.stop(); await db.close(); },
  };
}
