import { createHash } from 'node:crypto';
import { withTransaction, type DbConnection } from '../../db/db-types.js';
import { AppError, notFound } from '../../errors/app-error.js';
import type { JobQueue } from '../../providers/queue/queue.port.js';
import { type ObjectStorage, rawDocumentKey } from '../../providers/storage/storage.port.js';
import type { Actor } from '../identity/actor.js';
import { audit } from '../identity/audit.js';
import { requireCourseRole } from '../identity/courses.js';
import { titleFromFileName } from './document-title.js';
import { enqueue } from '../jobs/enqueue.js';
import { isRunning } from '../jobs/job.types.js';
import { createJob, findLatestJobFor, findLatestJobsFor, requestJobCancel } from '../jobs/jobs.repository.js';
import { MEDIA_TYPES, detectFormat } from './detect-format.js';
import { type DocumentView, presentDocument } from './document-view.js';
import { estimatePageCount } from './estimate-page-count.js';
import { deleteDocumentRow, findDocument, insertDocument, listCourseDocuments, updateDocument } from './documents.repository.js';

/** The job kind of document ingestion. */
export const INGEST_DOCUMENT_JOB = 'ingest_document';

/** The ports document management runs on. */
export interface DocumentServices {
  db: DbConnection;
  storage: ObjectStorage;
  queue: JobQueue;
  /** config.upload; without `maxPages` the page limit is only enforced by the worker. */
  limits: { maxBytes: number; maxPages?: number };
  /** config.jobs.maxAttempts */
  maxAttempts: number;
}

/** A new document: pasted text, or an uploaded file whose format is sniffed from its bytes. */
export type NewDocument =
  | { kind: 'paste'; title: string; text: string; format: 'markdown' | 'text' }
  | { kind: 'file'; title?: string | undefined; fileName: string; bytes: Uint8Array };

const ACTIVE = new Set(['queued', 'retry_scheduled', 'stalled']);
const isActive = (status: string): boolean => ACTIVE.has(status) || isRunning(status);


/**
 * Adds a document to a course (instructors and admins): checks size and format, stores the file under
 * `raw/{tenant}/{course}/{document}/{file}`, writes the document and a `queued` ingestion job with an
 * audit entry in one transaction, then queues the job.
 *
 * @example
 * const doc = await uploadDocument(services, actor, courseId, { kind: 'file', fileName: 'week1.pdf', bytes });
 */
export async function uploadDocument(services: DocumentServices, actor: Actor, courseId: string, input: NewDocument): Promise<DocumentView> {
  await requireCourseRole(services.db, actor, courseId, 'instructor');
  const bytes = input.kind === 'paste' ? new TextEncoder().encode(input.text) : input.bytes;
  if (bytes.length > services.limits.maxBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than the ${Math.floor(services.limits.maxBytes / 1024 / 1024)} MB limit.`, { max_bytes: services.limits.maxBytes, byte_size: bytes.length });
  }
  if (input.kind === 'paste' && !input.text.trim()) throw new AppError('INVALID_ARGUMENT', 'The text is empty.');
  const detected = input.kind === 'paste'
    ? { format: input.format, mediaType: MEDIA_TYPES[input.format] }
    : detectFormat(bytes, input.fileName);
  const pages = services.limits.maxPages === undefined ? undefined : estimatePageCount(bytes, detected.format);
  if (pages !== undefined && services.limits.maxPages !== undefined && pages > services.limits.maxPages) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The file has ${pages} ${detected.format === 'pptx' ? 'slides' : 'pages'}; the limit is ${services.limits.maxPages}.`, { page_count: pages, max_pages: services.limits.maxPages });
  }
  const fileName = input.kind === 'paste' ? (input.format === 'markdown' ? 'pasted.md' : 'pasted.txt') : input.fileName;
  const title = (input.title?.trim() || titleFromFileName(fileName)).slice(0, 300);

  const { document, job } = await withTransaction(services.db, async (trx) => {
    const row = await insertDocument(trx, {
      tenantId: actor.tenantId, courseId, title, format: detected.format, mediaType: detected.mediaType,
      fileName: input.kind === 'file' ? input.fileName : null, byteSize: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'), createdBy: actor.userId,
    });
    const storageKey = rawDocumentKey({ tenantId: actor.tenantId, courseId, documentId: row.id, fileName });
    // Stored inside the transaction: if the write fails, no document row points at a missing file.
    await services.storage.put(storageKey, bytes, { contentType: detected.mediaType });
    await updateDocument(trx, actor.tenantId, row.id, { storageKey });
    const created = await createJob(trx, {
      tenantId: actor.tenantId, kind: INGEST_DOCUMENT_JOB, targetType: 'document', targetId: row.id, maxAttempts: services.maxAttempts,
    });
    await audit(trx, actor, 'document.uploaded', 'document', row.id, { course_id: courseId, format: detected.format, byte_size: bytes.length, file_name: fileName });
    return { document: { ...row, storage_key: storageKey }, job: created };
  });
  await enqueue(services.queue, job);
  return presentDocument(document, job);
}

/** A course's documents with their job state (instructors and admins). */
export async function listDocuments(services: Pick<DocumentServices, 'db'>, actor: Actor, courseId: string): Promise<DocumentView[]> {
  await requireCourseRole(services.db, actor, courseId, 'instructor');
  const rows = await listCourseDocuments(services.db, actor.tenantId, courseId);
  const jobs = await findLatestJobsFor(services.db, actor.tenantId, 'document', rows.map((r) => r.id));
  return rows.map((row) => presentDocument(row, jobs.get(row.id)));
}

async function loadForInstructor(db: DbConnection, actor: Actor, documentId: string) {
  const row = await findDocument(db, actor.tenantId, documentId);
  if (!row) throw notFound('Document', { document_id: documentId });
  await requireCourseRole(db, actor, row.course_id, 'instructor');
  return row;
}

/** One document: metadata, job state, attempts, last error, next retry, chunk count. */
export async function getDocument(services: Pick<DocumentServices, 'db'>, actor: Actor, documentId: string): Promise<DocumentView> {
  const row = await loadForInstructor(services.db, actor, documentId);
  return presentDocument(row, await findLatestJobFor(services.db, actor.tenantId, 'document', documentId));
}

/** Runs ingestion again (e.g. after a model change); its chunks are replaced, never duplicated. CONFLICT while a job is active. */
export async function reindexDocument(services: DocumentServices, actor: Actor, documentId: string): Promise<DocumentView> {
  const row = await loadForInstructor(services.db, actor, documentId);
  const latest = await findLatestJobFor(services.db, actor.tenantId, 'document', documentId);
  if (latest && isActive(latest.status)) {
    throw new AppError('CONFLICT', 'This document is already being processed.', { job_id: latest.id, status: latest.status });
  }
  const job = await withTransaction(services.db, async (trx) => {
    const created = await createJob(trx, {
      tenantId: actor.tenantId, kind: INGEST_DOCUMENT_JOB, targetType: 'document', targetId: documentId, maxAttempts: services.maxAttempts,
    });
    await updateDocument(trx, actor.tenantId, documentId, { status: 'queued' });
    await audit(trx, actor, 'document.reindex_requested', 'document', documentId, { job_id: created.id });
    return created;
  });
  await enqueue(services.queue, job);
  return presentDocument({ ...row, status: 'queued' }, job);
}

/** Stops the document's active job: at once when waiting, at its next step when running. CONFLICT when nothing is active. */
export async function cancelDocumentJob(services: Pick<DocumentServices, 'db'>, actor: Actor, documentId: string): Promise<DocumentView> {
  await loadForInstructor(services.db, actor, documentId);
  const latest = await findLatestJobFor(services.db, actor.tenantId, 'document', documentId);
  if (!latest || !isActive(latest.status)) {
    throw new AppError('CONFLICT', 'There is no active job to cancel.', { status: latest?.status ?? null });
  }
  const job = await requestJobCancel(services.db, latest.id);
  await withTransaction(services.db, async (trx) => {
    if (job?.status === 'cancelled') await updateDocument(trx, actor.tenantId, documentId, { status: 'cancelled' });
    await audit(trx, actor, 'document.cancel_requested', 'document', documentId, { job_id: latest.id });
  });
  return getDocument(services, actor, documentId);
}

/** Deletes a document, its chunks (cascade) and its stored file; any active job is cancelled first. */
export async function deleteDocument(services: Pick<DocumentServices, 'db' | 'storage'>, actor: Actor, documentId: string): Promise<void> {
  const row = await loadForInstructor(services.db, actor, documentId);
  const latest = await findLatestJobFor(services.db, actor.tenantId, 'document', documentId);
  if (latest && isActive(latest.status)) await requestJobCancel(services.db, latest.id);
  await withTransaction(services.db, async (trx) => {
    await deleteDocumentRow(trx, actor.tenantId, documentId);
    await audit(trx, actor, 'document.deleted', 'document', documentId, { course_id: row.course_id, title: row.title });
  });
  // After the commit: a file left behind by a crash here is unreachable garbage, never a dangling reference.
  if (row.storage_key) await services.storage.delete(row.storage_key);
}
