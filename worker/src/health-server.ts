import { type Server, createServer } from 'node:http';

/** What a worker reports about itself on GET /health. */
export interface WorkerHealth {
  ok: boolean;
  worker_id: string;
  state: 'starting' | 'running' | 'stopping';
  queue: 'in-process' | 'bullmq';
  checks: { db: 'ok' | 'failing'; redis: 'ok' | 'failing' | 'none' };
  active_jobs: number;
  jobs: Record<string, number>;
  uptime_ms: number;
}

/** A listening health server: its port (when started on 0) and how to close it. */
export interface HealthServer { port: number; close(): Promise<void> }

/**
 * Serves `GET /health` (200 when the database and Redis answer and the worker runs, else 503) for compose
 * healthchecks and load balancers. Nothing else is served.
 *
 * @example
 * const health = await startHealthServer(3001, '0.0.0.0', () => worker.health());
 */
export async function startHealthServer(port: number, host: string, report: () => Promise<WorkerHealth>): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '/').split('?')[0] !== '/health') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'Only GET /health is served here' } }));
      return;
    }
    report().then((health) => {
      res.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(health));
    }, (error: unknown) => {
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
