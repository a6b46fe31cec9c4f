import type { Server } from 'node:http';
import { join } from 'node:path';
import {
  type Config, type DatabaseHandle, type JobQueue, createLogger, createQueue, ensureEmbeddingIndex, migrate, openDatabase,
} from '@tutorgraph/core';
import type { Logger } from 'pino';
import { type AppExtension, createApp } from './app.js';
import type { AppDeps } from './deps.js';
import { type AppServices, buildServices } from './services.js';
import { VERSION } from './version.js';
import { mountLti } from './lti/lti.extension.js';
import { servePortal } from './web/portal.routes.js';
import { serveWidgetAssets } from './web/widget-assets.js';

export interface RunningServer { deps: AppDeps; database: DatabaseHandle; queue: JobQueue; url: string; close(): Promise<void> }

export interface StartServerOptions {
  logger?: Logger;
  /** An already-open database (the demo shares one PGlite between server and in-process worker). */
  database?: DatabaseHandle;
  queue?: JobQueue;
  extensions?: AppExtension[];
  /** Run migrations before listening. @defaultValue true */
  migrate?: boolean;
  /** Start-up work that continues after listening; `/health` answers 503 until `isReady` turns true. */
  startup?: { isReady: boolean };
}

/** Opens the configured database: Postgres when DATABASE_URL is set, else file-backed PGlite under DATA_DIR. */
export function openConfiguredDatabase(config: Config, logger?: Logger): Promise<DatabaseHandle> {
  return openDatabase({
    databaseUrl: config.databaseUrl, pgliteDataDir: join(config.dataDir, 'pglite'),
    // A lost connection is handled (the request in flight gets 503, the pool reconnects); say so in the log.
    onConnectionError: logger ? (error) => logger.warn({ err: error }, 'database connection lost; reconnecting on demand') : undefined,
  });
}

/** Builds the app's dependencies from configuration: every adapter is chosen here (`buildServices`) and nowhere else. */
export function buildDeps(config: Config, database: DatabaseHandle, queue: JobQueue, logger: Logger, overrides: Partial<AppServices> = {}): AppDeps {
  return {
    config, db: database.db, dbBackend: database.backend, logger, version: VERSION, startedAt: Date.now(),
    queue: {
      kind: queue.kind,
      isHealthy: async () => (typeof (queue as { isHealthy?: () => Promise<boolean> }).isHealthy === 'function'
        ? (queue as unknown as { isHealthy: () => Promise<boolean> }).isHealthy() : true),
    },
    services: buildServices(config, database.db, queue, overrides),
  };
}

/**
 * Starts the tool server: database (migrated), queue, app, listen. Returns a handle that closes it all.
 *
 * @example
 * const server = await startServer(loadConfig());
 */
export async function startServer(config: Config, options: StartServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel, 'tool-server');
  const database = options.database ?? (await openConfiguredDatabase(config, logger));
  if (options.migrate ?? true) {
    const { applied } = await migrate(database.db);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  }
  const queue = options.queue ?? createQueue(config, database.db, logger, 'tool-server');
  const deps = { ...buildDeps(config, database, queue, logger), startup: options.startup };
  const { embeddings } = deps.services;
  await ensureEmbeddingIndex(database.db, embeddings.model, embeddings.dimensions);
  const { app } = createApp(deps, [mountLti, ...(options.extensions ?? []), (a) => serveWidgetAssets(a), servePortal]);
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.on('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl.includes(`:${config.port}`) && config.port === 0 ? `http://localhost:${port}` : config.publicUrl;
  // On port 0 the default PUBLIC_URL names port 0: the links the server hands out (invites, signed files) must name the real one.
  if (url !== config.publicUrl) config.publicUrl = url;
  logger.info({ url, db: database.backend, queue: queue.kind }, 'tool server listening');
  return {
    deps, database, queue, url,
    close: async () => {
      await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeIdleConnections(); });
      if (!options.queue) await queue.close();
      if (!options.database) await database.close();
    },
  };
}
