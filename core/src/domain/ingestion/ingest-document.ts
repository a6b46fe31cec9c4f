import { replaceDocumentChunks } from './chunks.repository.js';
import type { DbConnection } from '../../db/db-types.js';
import type { DocumentFormat } from '../../db/schema.js';
import { UnrecoverableJobError } from '../../errors/unrecoverable-error.js';
import type { EmbeddingsProvider } from '../../providers/embeddings/embeddings.port.js';
import type { ObjectStorage } from '../../providers/storage/storage.port.js';
import type { JobContext } from '../jobs/job-handlers.js';
import { chunkDocument } from './chunk-document.js';
import { titleAfterParsing } from './document-title.js';
import { findDocument, updateDocument } from './documents.repository.js';
import type { ChunkingOptions, ParsedDocument } from './types.js';

/** Turns a stored file into structured blocks; the worker supplies one that knows every format. */
export type DocumentParser = (bytes: Uint8Array, format: DocumentFormat, limits: { maxPages: number }) => Promise<ParsedDocument>;

/** The ports the ingestion use case runs on. */
export interface IngestDocumentDeps {
  db: DbConnection;
  storage: ObjectStorage;
  parse: DocumentParser;
  embeddings: EmbeddingsProvider;
  chunking: ChunkingOptions;
  maxPages: number;
  /** Texts per embeddings call; cancellation is checked between batches. @defaultValue 64 */
  embedBatchSize?: number;
}

/** What a finished ingestion reports (stored as the job's `result`). */
export interface IngestResult { chunkCount: number; pageCount: number | null; slideCount: number | null; model: string }

/** Stage reporting and cancellation, as the job runner provides them. */
export type IngestProgress = Pick<JobContext, 'setStage' | 'checkCancelled'>;

/**
 * Ingests one document: load the row → read the stored file → parse → chunk → embed → replace the
 * document's chunks in one transaction. Reports `running:parsing|chunking|embedding|indexing` and
 * checks for cancellation between steps. Bad input throws UnrecoverableJobError (no retry); anything
 * else is transient. Safe to re-run: indexing replaces, never appends.
 *
 * @example
 * const result = await ingestDocument(deps, { tenantId, documentId }, context); // → { chunkCount: 42, … }
 */
export async function ingestDocument(deps: IngestDocumentDeps, target: { tenantId: string; documentId: string }, progress: IngestProgress): Promise<IngestResult> {
  const document = await findDocument(deps.db, target.tenantId, target.documentId);
  if (!document) throw new UnrecoverableJobError('The document no longer exists (it was deleted).', 'NOT_FOUND');
  if (!document.storage_key) throw new UnrecoverableJobError('The document has no stored file.', 'NO_FILE');

  await progress.setStage('running:parsing');
  const bytes = await deps.storage.get(document.storage_key);
  const parsed = await deps.parse(bytes, document.format, { maxPages: deps.maxPages });
  const pageCount = parsed.pageCount ?? parsed.slideCount ?? null;
  if (pageCount !== null && pageCount > deps.maxPages) {
    throw new UnrecoverableJobError(`The document has ${pageCount} pages; the limit is ${deps.maxPages}.`, 'TOO_MANY_PAGES');
  }
  await updateDocument(deps.db, target.tenantId, target.documentId, { pageCount });

  await progress.setStage('running:chunking');
  const chunks = chunkDocument(parsed, deps.chunking);
  if (chunks.length === 0) {
    throw new UnrecoverableJobError('No text could be extracted from this file (it may be empty or scanned images only).', 'EMPTY');
  }

  await progress.setStage('running:embedding');
  const batchSize = deps.embedBatchSize ?? 64;
  const vectors: number[][] = [];
  for (let start = 0; start < chunks.length; start += batchSize) {
    if (start > 0) await progress.checkCancelled();
    const batch = chunks.slice(start, start + batchSize);
    const embedded = await deps.embeddings.embed(batch.map((c) => [c.headingPath.join(' › '), c.content].filter(Boolean).join('\n')), 'document');
    if (embedded.length !== batch.length) throw new Error(`Embeddings provider returned ${embedded.length} vectors for ${batch.length} texts`);
    vectors.push(...embedded);
  }

  await progress.setStage('running:indexing');
  const title = titleAfterParsing({ title: document.title, fileName: document.file_name }, parsed.title);
  if (title !== document.title) await updateDocument(deps.db, document.tenant_id, document.id, { title });
  const chunkCount = await replaceDocumentChunks(deps.db, {
    tenantId: document.tenant_id, courseId: document.course_id, documentId: document.id,
    documentTitle: title, chunks, embeddings: vectors,
    model: deps.embeddings.model, dimensions: deps.embeddings.dimensions,
  });
  return { chunkCount, pageCount: parsed.pageCount ?? null, slideCount: parsed.slideCount ?? null, model: deps.embeddings.model };
}
