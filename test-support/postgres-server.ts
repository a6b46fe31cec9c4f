import { type SpawnOptions, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './redis.js';

/** Debian's PostgreSQL 15 (pgvector from ../shared/tools/pgvector-pg15 or `npm test`'s system setup). */
export const PG_BIN = process.env.TG_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** A throwaway PostgreSQL cluster on loopback. */
export interface PostgresServer {
  /** Superuser connection string (trust auth on 127.0.0.1 only). */
  url: string;
  port: number;
  /** Stops the server the way an operator's restart does: `pg_ctl stop -m fast` terminates every session (57P01). */
  stopServer(): Promise<void>;
  /** Starts it again on the same port and data. */
  startServer(): Promise<void>;
  /** Stops it for good and deletes its data. */
  stop(): Promise<void>;
}

function run(command: string, args: string[], options: SpawnOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout?.on('data', (data: Buffer) => { output += data.toString(); });
    child.stderr?.on('data', (data: Buffer) => { output += data.toString(); });
    child.on('error', (error) => reject(new Error(`${command} could not start: ${error.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`))));
  });
}

/** As root, PostgreSQL's tools must run as the `postgres` user (initdb refuses root); otherwise as ourselves. */
function asPostgres(binary: string, args: string[]): Promise<string> {
  const path = join(PG_BIN, binary);
  return process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', path, ...args]) : run(path, args);
}

/**
 * Starts a throwaway PostgreSQL 15 cluster (initdb in a temp folder, durability off for speed, loopback only)
 * and creates the pgvector extension as the superuser, as production's migration expects. Throws a clear
 * error when PostgreSQL or pgvector is missing. Runs as the `postgres` user via runuser when we are root.
 *
 * @example
 * const postgres = await startPostgresServer();
 * afterAll(() => postgres.stop());
 */
export async function startPostgresServer(): Promise<PostgresServer> {
  if (!existsSync(join(PG_BIN, 'postgres'))) {
    throw new Error(`PostgreSQL 15 is not installed at ${PG_BIN}: run \`npm test\` (it installs it) or \`bash ../shared/tools/pgvector-pg15/install.sh\``);
  }
  const dir = mkdtempSync(join(tmpdir(), 'tg-pg-'));
  if (process.getuid?.() === 0) {
    const { uid, gid } = await run('id', ['-u', 'postgres']).then(async (u) => ({ uid: Number(u.trim()), gid: Number((await run('id', ['-g', 'postgres'])).trim()) }));
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const dataDir = join(dir, 'data');
  await asPostgres('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const options = [
    `-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c fsync=off', '-c synchronous_commit=off',
    '-c full_page_writes=off', '-c max_connections=60', '-c shared_buffers=32MB',
  ].join(' ');
  const startServer = async () => { await asPostgres('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '120', 'start']); };
  const stopServer = async () => { await asPostgres('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']); };
  await startServer();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('CREATE EXTENSION IF NOT EXISTS vector');
  } catch (error) {
    await stopServer().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`pgvector is missing from PostgreSQL 15: run \`bash ../shared/tools/pgvector-pg15/install.sh\` (${(error as Error).message})`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
  return {
    url, port, startServer, stopServer,
    stop: async () => {
      await asPostgres('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', '-t', '60', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
