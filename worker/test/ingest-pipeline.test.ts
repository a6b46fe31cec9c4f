import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Actor, type DatabaseHandle, type DocumentServices, InProcessQueue, LocalStorage, cancelDocumentJob,
  createLocalHashEmbeddings, createLogger, deleteDocument, ensureEmbeddingIndex, findJob, getDocument, listDocuments,
  loadConfig, reindexDocument, uploadDocument,
} from '@tutorgraph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test-support/test-db.js';
import { seedCourse, type SeededCourse } from '../../core/test/domain/ingestion/seed-course.js';
import { createJobRuntime } from '../src/job-runtime.js';
import { makeLecturePdf, makePdf } from './helpers/make-pdf.js';

const file = (path: string) => new Uint8Array(readFileSync(new URL(`../../data/courses/${path}`, import.meta.url)));
const root = mkdtempSync(join(tmpdir(), 'tg-ingest-'));
const config = loadConfig({ NODE_ENV: 'test', APP_TOKEN_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`, LTI_KEY: 'l'.repeat(32), DATA_DIR: root, UPLOAD_MAX_BYTES: String(1024 * 1024), JOB_BACKOFF_MS: '10' });

let handle: DatabaseHandle;
let queue: InProcessQueue;
let services: DocumentServices;
let storage: LocalStorage;
let course: SeededCourse;
let runtime: ReturnType<typeof createJobRuntime>;
let stageHook: (() => Promise<void>) | undefined;

beforeAll(async () => {
  handle = await createTestDatabase();
  const embeddings = createLocalHashEmbeddings(64);
  await ensureEmbeddingIndex(handle.db, embeddings.model, embeddings.dimensions);
  storage = new LocalStorage({ root: join(root, 'files'), signingKey: new Uint8Array(32).fill(3), urlBase: 'http://localhost/v1/files' });
  queue = new InProcessQueue({ db: handle.db, concurrency: 1 });
  runtime = createJobRuntime({ config, db: handle.db, storage, embeddings, logger: createLogger('silent'), workerId: 'test-worker' });
  await queue.start(async (id) => { await stageHook?.(); return runtime.processor(id); });
  services = { db: handle.db, storage, queue, limits: config.upload, maxAttempts: 3 };
  course = await seedCourse(handle.db);
});
afterAll(async () => {
  await queue.close();
  await handle.close();
  rmSync(root, { recursive: true, force: true });
});

async function settle(actor: Actor, documentId: string) {
  await queue.idle();
  return getDocument(services, actor, documentId);
}

async function chunkRows(documentId: string) {
  return handle.db.selectFrom('chunks').select(['chunk_index', 'page', 'slide', 'heading_path']).where('document_id', '=', documentId).orderBy('chunk_index').execute();
}

async function codeOf(run: () => Promise<unknown>): Promise<string | undefined> {
  try { await run(); } catch (error) { return (error as { code?: string }).code; }
  return undefined;
}

describe('ingestion pipeline (in-process queue, PGlite, local storage, local embeddings)', () => {
  it('when the chapter PDF is uploaded, then the job succeeds and every page is indexed with page numbers and one embedding per chunk', async () => {
    const bytes = file('psychology-learning-and-memory/files/psychology-2e-chapter-6-learning.pdf');
    const uploaded = await uploadDocument(services, course.instructor, course.courseId, { kind: 'file', fileName: 'psychology-2e-chapter-6-learning.pdf', bytes });
    expect(uploaded).toMatchObject({ format: 'pdf', status: 'queued', job: { status: 'queued', attempts: 0 } });
    const doc = await settle(course.instructor, uploaded.id);
    expect(doc).toMatchObject({ status: 'succeeded', pageCount: 36, embeddingModel: 'local-hash-v1-64', job: { status: 'succeeded', attempts: 1, lastError: null } });
    const rows = await chunkRows(uploaded.id);
    expect(doc.chunkCount).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(100);
    expect(new Set(rows.map((r) => r.page)).size).toBe(36);
    const vectors = await handle.db.selectFrom('chunk_embeddings').innerJoin('chunks', 'chunks.id', 'chunk_embeddings.chunk_id')
      .select((eb) => eb.fn.countAll<number>().as('n')).where('chunks.document_id', '=', uploaded.id).executeTakeFirstOrThrow();
    expect(Number(vectors.n)).toBe(rows.length);
    const docRow = await handle.db.selectFrom('documents').select(['status', 'storage_key']).where('id', '=', uploaded.id).executeTakeFirstOrThrow();
    expect(docRow.status).toBe('succeeded');
    expect(docRow.storage_key).toBe(`raw/${course.tenantId}/${course.courseId}/${uploaded.id}/psychology-2e-chapter-6-learning.pdf`);
    // No title was given: the file-name title ("psychology 2e chapter 6 learning") gives way to the one the PDF states.
    expect(uploaded.title).toBe('psychology 2e chapter 6 learning');
    expect(doc.title).not.toBe(uploaded.title);
    expect(doc.title.length).toBeGreaterThan(3);
    // The first parse starts the parser thread and loads pdf.js in it (slow under tsx on a loaded machine).
  }, 180_000);

  it('when the DOCX and the PPTX are uploaded, then chunks keep heading paths and slide numbers', async () => {
    const docx = await uploadDocument(services, course.instructor, course.courseId, { kind: 'file', title: 'Week 3 reading', fileName: 'memory.docx', bytes: file('psychology-learning-and-memory/files/psychology-2e-8.3-problems-with-memory.docx') });
    const pptx = await uploadDocument(services, course.instructor, course.courseId, { kind: 'file', fileName: 'review.pptx', bytes: file('psychology-learning-and-memory/files/psychology-2e-chapter-8-memory-review.pptx') });
    expect(await settle(course.instructor, docx.id)).toMatchObject({ status: 'succeeded', title: 'Week 3 reading' });
    expect((await settle(course.instructor, pptx.id)).status).toBe('succeeded');
    expect((await chunkRows(docx.id)).some((r) => r.heading_path.join('/') === 'Amnesia/Anterograde Amnesia')).toBe(true);
    const slides = new Set((await chunkRows(pptx.id)).map((r) => r.slide));
    expect(slides.has(1) && slides.has(31)).toBe(true);
    expect((await getDocument(services, course.instructor, pptx.id)).pageCount).toBe(31);
  });

  it('when a document is re-indexed twice, then its chunks are replaced, never duplicated', async () => {
    const uploaded = await uploadDocument(services, course.instructor, course.courseId, { kind: 'paste', title: 'Notes', format: 'markdown', text: '# Memory\n\nEncoding comes first. Storage keeps it. Retrieval brings it back.\n\n## Sleep\n\nSleep consolidates memories.' });
    await settle(course.instructor, uploaded.id);
    const first = await chunkRows(uploaded.id);
    await reindexDocument(services, course.instructor, uploaded.id);
    await settle(course.instructor, uploaded.id);
    const again = await reindexDocument(services, course.instructor, uploaded.id);
    const doc = await settle(course.instructor, uploaded.id);
    const after = await chunkRows(uploaded.id);
    expect(doc.job?.id).toBe(again.job?.id);
    expect(doc.status).toBe('succeeded');
    expect(after.length).toBe(first.length);
    expect(new Set(after.map((r) => r.chunk_index)).size).toBe(after.length);
    const audit = await handle.db.selectFrom('audit_log').select('action').where('target_id', '=', uploaded.id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['document.reindex_requested', 'document.reindex_requested', 'document.uploaded']);
  });

  it('when re-indexing while a job is still waiting, then it is a CONFLICT', async () => {
    let release!: () => void;
    stageHook = () => new Promise<void>((resolve) => { release = resolve; });
    const uploaded = await uploadDocument(services, course.instructor, course.courseId, { kind: 'paste', title: 'Busy', format: 'text', text: 'Some text to index. Another sentence.' });
    expect(await codeOf(() => reindexDocument(services, course.instructor, uploaded.id))).toBe('CONFLICT');
    stageHook = undefined;
    release();
    expect((await settle(course.instructor, uploaded.id)).status).toBe('succeeded');
  });

  it('when a queued document is cancelled, then it never runs and shows cancelled; cancelling again is a CONFLICT', async () => {
    let release!: () => void;
    stageHook = () => new Promise<void>((resolve) => { release = resolve; });
    const blocker = await uploadDocument(services, course.instructor, course.courseId, { kind: 'paste', title: 'Blocker', format: 'text', text: 'Blocking the single worker slot. Second sentence.' });
    const victim = await uploadDocument(services, course.instructor, course.courseId, { kind: 'paste', title: 'Victim', format: 'text', text: 'This should never be indexed. Really.' });
    const cancelled = await cancelDocumentJob(services, course.instructor, victim.id);
    stageHook = undefined;
    release();
    await settle(course.instructor, blocker.id);
    const doc = await settle(course.instructor, victim.id);
    expect(cancelled.status).toBe('cancelled');
    expect(doc).toMatchObject({ status: 'cancelled', chunkCount: 0, job: { status: 'cancelled', attempts: 0 } });
    expect(await chunkRows(victim.id)).toHaveLength(0);
    expect(await codeOf(() => cancelDocumentJob(services, course.instructor, victim.id))).toBe('CONFLICT');
  });

  it('when a running job is cancelled, then it stops at its next stage, writes no chunks and shows cancelled', async () => {
    const slowQueue = new InProcessQueue({ db: handle.db, concurrency: 1 });
    const slow = createJobRuntime({ config, db: handle.db, storage, embeddings: createLocalHashEmbeddings(64), logger: createLogger('silent'), workerId: 'slow-worker', stageDelayMs: 300 });
    const slowServices = { ...services, queue: slowQueue };
    await slowQueue.start(slow.processor);
    const uploaded = await uploadDocument(slowServices, course.instructor, course.courseId, { kind: 'file', fileName: 'roles.pdf', bytes: file('carpentries-instructor-training/files/Carpentries_roles_worksheet_v4.pdf') });
    let job = await findJob(handle.db, uploaded.job!.id);
    const deadline = Date.now() + 10_000;
    while (!job?.status.startsWith('running:') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
      job = await findJob(handle.db, uploaded.job!.id);
    }
    const response = await cancelDocumentJob(slowServices, course.instructor, uploaded.id);
    expect(response.job?.status).toMatch(/^running:/); // still running: it stops at the next stage
    await slowQueue.idle();
    await slowQueue.close();
    const doc = await getDocument(services, course.instructor, uploaded.id);
    expect(doc).toMatchObject({ status: 'cancelled', chunkCount: 0, job: { status: 'cancelled', errorCode: 'CANCELLED', attempts: 1 } });
    expect(await chunkRows(uploaded.id)).toHaveLength(0);
  });

  it('when a document is deleted, then its chunks, embeddings and stored file are gone', async () => {
    const uploaded = await uploadDocument(services, course.instructor, course.courseId, { kind: 'file', fileName: 'roles.pdf', bytes: file('carpentries-instructor-training/files/Carpentries_roles_worksheet_v4.pdf') });
    await settle(course.instructor, uploaded.id);
    const key = (await handle.db.selectFrom('documents').select('storage_key').where('id', '=', uploaded.id).executeTakeFirstOrThrow()).storage_key as string;
    expect(await storage.exists(key)).toBe(true);
    expect((await chunkRows(uploaded.id)).length).toBeGreaterThan(0);
    await deleteDocument(services, course.instructor, uploaded.id);
    expect(await storage.exists(key)).toBe(false);
    expect(await chunkRows(uploaded.id)).toHaveLength(0);
    expect(await codeOf(() => getDocument(services, course.instructor, uploaded.id))).toBe('NOT_FOUND');
  });

  it('when the PDF is encrypted, then the job fails once with a readable reason and is not retried', async () => {
    const uploaded = await uploadDocument(services, course.instructor, course.courseId, { kind: 'file', fileName: 'locked.pdf', bytes: makePdf([[{ text: 'Locked' }]], { isEncrypted: true }) });
    const doc = await settle(course.instructor, uploaded.id);
    expect(doc).toMatchObject({ status: 'failed', job: { status: 'failed', attempts: 1, errorCode: 'ENCRYPTED', lastError: 'The PDF is password-protected; upload an unlocked copy.', nextRetryAt: null } });
  });

  it('when the file is corrupt, has too many pages or holds no text, then each fails at once with its reason', async () => {
    const corrupt = await uploadDocument(services, course.instructor, course.courseId, { kind: 'file', fileName: 'broken.pdf', bytes: file('carpentries-instructor-training/files/Carpentries_roles_worksheet_v4.pdf').subarray(0, 700) });
    // Without a page limit at upload (like a page tree the upload check cannot read), the worker enforces it.
    const tooLong = await uploadDocument({ ...services, limits: { maxBytes: config.upload.maxBytes } }, course.instructor, course.courseId, { kind: 'file', fileName: 'long.pdf', bytes: makeLecturePdf(config.upload.maxPages + 1) });
    const blank = await uploadDocument(services, course.instructor, course.courseId, { kind: 'file', fileName: 'blank.pdf', bytes: makePdf([[], []]) });
    expect((await settle(course.instructor, corrupt.id)).job).toMatchObject({ status: 'failed', attempts: 1, errorCode: 'CORRUPT' });
    expect((await settle(course.instructor, tooLong.id)).job).toMatchObject({ status: 'failed', errorCode: 'TOO_MANY_PAGES', lastError: `The PDF has ${config.upload.maxPages + 1} pages; the limit is ${config.upload.maxPages}.` });
    expect((await settle(course.instructor, blank.id)).job).toMatchObject({ status: 'failed', errorCode: 'EMPTY' });
  });

  it('when the upload is too large (bytes or pages), unsupported or empty, then it is refused before anything is stored', async () => {
    const before = (await listDocuments(services, course.instructor, course.courseId)).length;
    const big = new TextEncoder().encode('word '.repeat(300_000));
    expect(await codeOf(() => uploadDocument(services, course.instructor, course.courseId, { kind: 'file', fileName: 'big.txt', bytes: big }))).toBe('PAYLOAD_TOO_LARGE');
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0x40]);
    expect(await codeOf(() => uploadDocument(services, course.instructor, course.courseId, { kind: 'file', fileName: 'setup.pdf', bytes: exe }))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await codeOf(() => uploadDocument(services, course.instructor, course.courseId, { kind: 'paste', title: 'x', format: 'text', text: '   ' }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(() => uploadDocument(services, course.instructor, course.courseId, { kind: 'file', fileName: 'long.pdf', bytes: makeLecturePdf(config.upload.maxPages + 1) }))).toBe('PAYLOAD_TOO_LARGE');
    expect((await listDocuments(services, course.instructor, course.courseId)).length).toBe(before);
  });

  it('when a learner tries to upload or list, then it is FORBIDDEN; a tenant admin may', async () => {
    expect(await codeOf(() => uploadDocument(services, course.learner, course.courseId, { kind: 'paste', title: 'x', format: 'text', text: 'Hello there.' }))).toBe('FORBIDDEN');
    expect(await codeOf(() => listDocuments(services, course.learner, course.courseId))).toBe('FORBIDDEN');
    expect(Array.isArray(await listDocuments(services, course.admin, course.courseId))).toBe(true);
  });

  it('when a transient error hits the embeddings provider, then the job retries with backoff and then succeeds', async () => {
    let failuresLeft = 2;
    const embeddings = createLocalHashEmbeddings(64);
    const flaky = { model: embeddings.model, dimensions: embeddings.dimensions, embed: async (texts: string[], purpose: 'document' | 'query') => {
      if (failuresLeft > 0) { failuresLeft -= 1; throw new Error('503 from embeddings endpoint'); }
      return embeddings.embed(texts, purpose);
    } };
    const flakyQueue = new InProcessQueue({ db: handle.db, concurrency: 1 });
    const flakyRuntime = createJobRuntime({ config, db: handle.db, storage, embeddings: flaky, logger: createLogger('silent'), workerId: 'flaky-worker' });
    const flakyServices = { ...services, queue: flakyQueue };
    const uploaded = await uploadDocument(flakyServices, course.instructor, course.courseId, { kind: 'paste', title: 'Retry me', format: 'text', text: 'Consolidation happens during sleep. It stabilises memories.' });
    await flakyQueue.start(flakyRuntime.processor);
    const started = Date.now();
    let doc = await getDocument(services, course.instructor, uploaded.id);
    while (doc.status !== 'succeeded' && Date.now() - started < 10_000) {
      await new Promise((r) => setTimeout(r, 10));
      doc = await getDocument(services, course.instructor, uploaded.id);
    }
    await flakyQueue.close();
    expect(doc).toMatchObject({ status: 'succeeded', job: { attempts: 3, lastError: null } });
    expect((await findJob(handle.db, doc.job!.id))?.workerId).toBe('flaky-worker');
  });
});
