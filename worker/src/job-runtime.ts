import {
  type Config, type Database, type EmbeddingsProvider, type JobHandler, type JobProcessor, type ObjectStorage, JobHandlerRegistry, runJob,
  createLtiJobHandlers,
} from '@tutorgraph/core';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { createIngestDocumentHandler } from './jobs/ingest-document.job.js';

export interface JobRuntimeDeps {
  config: Config;
  db: Kysely<Database>;
  storage: ObjectStorage;
  embeddings: EmbeddingsProvider;
  logger: Logger;
  /** Shown in the jobs row; unique per process. */
  workerId: string;
  /** Other features' handlers (grade passback, roster sync, quiz generation …). */
  extraHandlers?: JobHandler[];
  /** Test-only pause after each ingestion stage. @defaultValue 0 */
  stageDelayMs?: number;
  /** The lease a claimed job holds without renewal (see `JobRunnerDeps.leaseMs`). @defaultValue 30000 */
  leaseMs?: number;
}

/**
 * The registry of every job kind this worker runs, and the processor a queue calls with a job id.
 * The demo (in-process queue inside the tool server) and `worker/src/main.ts` (BullMQ) both use it.
 *
 * @example
 * const { processor } = createJobRuntime({ config, db, storage, embeddings, logger, workerId: 'demo' });
 * await queue.start(processor);
 */
export function createJobRuntime(deps: JobRuntimeDeps): { registry: JobHandlerRegistry; processor: JobProcessor } {
  const registry = new JobHandlerRegistry().register(createIngestDocumentHandler({
    db: deps.db, storage: deps.storage, embeddings: deps.embeddings, config: deps.config, stageDelayMs: deps.stageDelayMs ?? 0,
  }));
  // Every product job kind runs in every worker: LTI grade passback and roster sync besides ingestion.
  for (const handler of createLtiJobHandlers({ db: deps.db, ltiKey: deps.config.ltiKey, outbound: deps.config.outbound })) registry.register(handler);
  for (const handler of deps.extraHandlers ?? []) registry.register(handler);
  const runnerDeps = {
    db: deps.db, registry, workerId: deps.workerId, backoffMs: deps.config.jobs.backoffMs, logger: deps.logger,
    ...(deps.leaseMs ? { leaseMs: deps.leaseMs } : {}),
  };
  return { registry, processor: (jobId) => runJob(runnerDeps, jobId) };
}
