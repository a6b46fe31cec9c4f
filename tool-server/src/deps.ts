import type { Config, Database, DatabaseBackend } from '@tutorgraph/core';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AppServices } from './services.js';

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
  /** Feature ports (job queue, storage, embeddings, llm, quiz generator, graded-attempt hook, mailer), built once by `buildServices`. */
  services: AppServices;
}
