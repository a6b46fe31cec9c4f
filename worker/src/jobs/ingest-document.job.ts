import {
  type EmbeddingsProvider, INGEST_DOCUMENT_JOB, type JobHandler, type ObjectStorage, type Config,
  ingestDocument, updateDocument, type Database, regenerateStudyMaterial, studyNotesGeneratorFor,
} from '@tutorgraph/core';
import type { Kysely } from 'kysely';
import { createThreadedParser } from '../parse/threaded-parser.js';

export interface IngestDocumentJobDeps {
  db: Kysely<Database>;
  storage: ObjectStorage;
  embeddings: EmbeddingsProvider;
  config: Pick<Config, 'chunking' | 'upload' | 'llm' | 'openai' | 'jobs'>;
  /**
   * Test-only: pause this long after each stage, so a test can kill a worker mid-job. Zero in production.
   * @defaultValue 0
   */
  stageDelayMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The `ingest_document` job: runs the ingest use case with the worker's parsers, and mirrors the job's
 * status onto `documents.status` so list pages need no join. Parsing runs in worker threads (one per concurrent
 * job) within `config.upload.parseTimeoutMs` and `parseMaxMemoryMb`: the event loop that serves HTTP (embedded)
 * or renews leases and locks (worker) never waits on a parser.
 *
 * @example
 * registry.register(createIngestDocumentHandler({ db, storage, embeddings, config }));
 */
export function createIngestDocumentHandler(deps: IngestDocumentJobDeps): JobHandler {
  const delay = deps.stageDelayMs ?? 0;
  const notesGenerator = studyNotesGeneratorFor(deps.config);
  const parser = createThreadedParser({
    timeoutMs: deps.config.upload.parseTimeoutMs, maxMemoryMb: deps.config.upload.parseMaxMemoryMb,
    maxInflatedBytes: deps.config.upload.maxInflatedBytes, threads: deps.config.jobs.concurrency,
  });
  return {
    kind: INGEST_DOCUMENT_JOB,
    async run(context) {
      const progress = {
        setStage: async (stage: Parameters<typeof context.setStage>[0]) => {
          await context.setStage(stage);
          if (delay > 0) await sleep(delay);
        },
        checkCancelled: () => context.checkCancelled(),
      };
      const result = await ingestDocument({
        db: deps.db, storage: deps.storage, parse: parser.parse, embeddings: deps.embeddings,
        chunking: deps.config.chunking, maxPages: deps.config.upload.maxPages,
      }, { tenantId: context.job.tenantId, documentId: context.job.targetId }, progress);
      // Study notes and flashcards follow the indexed text (docs/study-tools.md).
      const study = await regenerateStudyMaterial({ db: deps.db, notesGenerator }, { tenantId: context.job.tenantId, documentId: context.job.targetId });
      return { ...result, study };
    },
    async onStatus(job) {
      await updateDocument(deps.db, job.tenantId, job.targetId, { status: job.status });
    },
  };
}
