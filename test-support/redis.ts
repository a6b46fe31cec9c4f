import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RedisServer {
  url: string;
  port: number;
  /** Stops redis-server (its data goes: no persistence, as after a restart of a cache-only Redis). */
  stopServer(): Promise<void>;
  /** Starts it again, empty, on the same port. */
  startServer(): Promise<void>;
  /** Stops it for good. */
  stop(): Promise<void>;
}

function spawnRedis(port: number): Promise<ChildProcess> {
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise<ChildProcess>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error('redis-server did not start within 10 s')), 10_000);
    child.on('error', (error) => { clearTimeout(timer); fail(new Error(`redis-server could not start (is it installed?): ${error.message}`)); });
    child.stdout?.on('data', (data: Buffer) => {
      if (data.toString().includes('Ready to accept connections')) { clearTimeout(timer); ready(child); }
    });
  });
}

function stopChild(child: ChildProcess | undefined): Promise<void> {
  return new Promise<void>((done) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

/**
 * Starts a throwaway `redis-server` on a free loopback port (no persistence) and waits until it accepts
 * connections. Throws a clear error when redis-server is not installed. `stopServer`/`startServer` take it
 * away and bring it back (empty) on the same port, for outage tests.
 *
 * @example
 * const redis = await startRedis();
 * await redis.stopServer(); await redis.startServer();
 */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined = await spawnRedis(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stopServer: async () => { await stopChild(child); child = undefined; },
    startServer: async () => { child ??= await spawnRedis(port); },
    stop: async () => { await stopChild(child); child = undefined; },
  };
}
