import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresWireServer, type PostgresWireServer } from '../../test-support/pglite-socket.js';
import { startServer, type RunningServer } from '../src/server.js';
import { testConfig } from './helpers/test-app.js';

/**
 * The DATABASE_URL path: the same server started against a Postgres wire endpoint (PGlite served over the
 * Postgres protocol, pgvector included) through node-postgres, migrating it on start-up.
 */
describe('tool server on DATABASE_URL (postgres dialect)', () => {
  let pg: PostgresWireServer;
  let server: RunningServer;
  beforeAll(async () => {
    pg = await startPostgresWireServer(12);
    server = await startServer(testConfig({ DATABASE_URL: pg.url, PORT: '0', HOST: '127.0.0.1' }));
  });
  afterAll(async () => {
    await server?.close();
    await pg?.stop();
  });

  it('when started with DATABASE_URL, then /health reports the postgres backend and migrations ran', async () => {
    console.log(`[tests] postgres-backend test runs against ${pg.url.replace(/:[^:@/]+@/, ':***@')}`);
    const address = server.url;
    const res = await fetch(`${address.replace('localhost', '127.0.0.1')}/health`);
    const body = await res.json();
    expect(body).toMatchObject({ ok: true, db: 'postgres' });
    const rows = await server.database.db.selectFrom('schema_migrations').select('version').execute();
    expect(rows.length).toBeGreaterThanOrEqual(5);
  });
});
