import type { Config, Database, DatabaseBackend } from '@tutorgraph/core';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

/** What the HTTP shell needs to tell whether the queue is alive. */
export interface QueueHealth { readonly kind: 'in-process' | 'bullmq'; isHealthy(): Promise<boolean> }

/**
 * Everything the express app is built from. Tests build their own (fresh database, in-process queue),
 * `main.ts` builds it from the environment. Features add their ports here.
 */
export interface AppDeps {
  config: Config;
  db: Kysely<Database>;
  dbBackend: DatabaseBackend;
  logger: Logger;
  version: string;
  startedAt: number;
  queue?: QueueHealth | undefined;
  /** Start-up work still running (the demo seeds and ingests after listening): `/health` answers 503 until it is done. */
  startup?: { isReady: boolean } | undefined;
  /** Feature ports (storage, embeddings, llm, job queue …), keyed by name; typed where they are used. */
  services: Record<string, unknown>;
}

/**
 * Reads a feature port from deps, failing loudly when the app was built without it.
 *
 * @example
 * const storage = service<ObjectStorage>(deps, 'storage');
 */
export function service<T>(deps: AppDeps, name: string): T {
  const value = deps.services[name];
  if (value === undefined) throw new Error(`Service "${name}" is not configured in AppDeps`);
  return value as T;
}
