import type { JobRecord } from '../jobs/job.types.js';
import type { DocumentRow } from './documents.repository.js';

/** The job part of a document as the API shows it: where the file stands in the pipeline. */
export interface DocumentJobView {
  id: string;
  status: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  errorCode: string | null;
  nextRetryAt: Date | null;
  updatedAt: Date;
}

/** A document as the API shows it (camelCase; the route snake-cases it). */
export interface DocumentView {
  id: string;
  courseId: string;
  title: string;
  format: string;
  mediaType: string;
  fileName: string | null;
  byteSize: number;
  sha256: string | null;
  status: string;
  pageCount: number | null;
  chunkCount: number;
  embeddingModel: string | null;
  indexedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  job: DocumentJobView | null;
}

/**
 * Shapes a document row and its latest job for the API. The job row is the truth for `status`
 * (the document's own column mirrors it and may lag a transition).
 *
 * @example
 * const view = presentDocument(row, latestJob);
 */
export function presentDocument(row: DocumentRow, job: JobRecord | undefined): DocumentView {
  return {
    id: row.id, courseId: row.course_id, title: row.title, format: row.format, mediaType: row.media_type,
    fileName: row.file_name, byteSize: row.byte_size, sha256: row.sha256, status: job?.status ?? row.status,
    pageCount: row.page_count, chunkCount: row.chunk_count, embeddingModel: row.embedding_model,
    indexedAt: row.indexed_at, createdAt: row.created_at, updatedAt: row.updated_at,
    job: job ? {
      id: job.id, status: job.status, attempts: job.attempts, maxAttempts: job.maxAttempts, lastError: job.lastError,
      errorCode: job.errorCode, nextRetryAt: job.nextRetryAt, updatedAt: job.updatedAt,
    } : null,
  };
}
