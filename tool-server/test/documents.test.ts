import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InProcessQueue, LocalStorage, createLocalHashEmbeddings, createLogger, ensureEmbeddingIndex } from '@tutorgraph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRuntime } from '../../worker/src/job-runtime.js';
import { makePdf } from '../../worker/test/helpers/make-pdf.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const realFile = (path: string) => readFileSync(new URL(`../../data/courses/${path}`, import.meta.url));
const embeddings = createLocalHashEmbeddings(64);

describe('documents API', () => {
  let t: TestApp;
  let queue: InProcessQueue;
  let instructor: string;
  let learner: string;
  let courseId: string;

  beforeAll(async () => {
    t = await startTestApp({
      env: { UPLOAD_MAX_BYTES: String(512 * 1024), UPLOAD_MAX_PAGES: '32' },
      configure: async (deps) => {
        const storage = new LocalStorage({ root: join(deps.config.dataDir, 'files'), signingKey: new Uint8Array(32).fill(5), urlBase: () => `${deps.config.publicUrl}/v1/files` });
        queue = new InProcessQueue({ db: deps.db, concurrency: 1 });
        await ensureEmbeddingIndex(deps.db, embeddings.model, embeddings.dimensions);
        const runtime = createJobRuntime({ config: deps.config, db: deps.db, storage, embeddings, logger: createLogger('silent'), workerId: 'api-test' });
        await queue.start(runtime.processor);
        return { storage, jobQueue: queue };
      },
    });
    [instructor, learner] = await Promise.all([t.login('instructor'), t.login('learner')]);
    const course = await t.api('/v1/courses', { token: instructor, body: { title: 'Learning & Memory' } });
    courseId = course.body.id;
    await t.api(`/v1/courses/${courseId}/members`, { token: instructor, body: { user_id: t.demo.users.learner, role: 'learner' } });
  });
  afterAll(async () => {
    await queue.close();
    await t.close();
  });

  async function uploadFile(name: string, bytes: Uint8Array | Buffer, title?: string) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), name);
    if (title) form.append('title', title);
    const response = await fetch(`${t.baseUrl}/v1/courses/${courseId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${instructor}` }, body: form });
    return { status: response.status, body: await response.json() as any };
  }

  async function settled(id: string) {
    await queue.idle();
    return t.api(`/v1/documents/${id}`, { token: instructor });
  }

  it('when an instructor uploads the PPTX as multipart, then it is detected by content, ingested, and GET shows job state, chunk count and a signed link', async () => {
    const upload = await uploadFile('deck.bin', realFile('psychology-learning-and-memory/files/psychology-2e-chapter-8-memory-review.pptx'), 'Memory review');
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({ title: 'Memory review', format: 'pptx', status: 'queued', file_name: 'deck.bin', job: { status: 'queued', attempts: 0 } });
    const doc = await settled(upload.body.id);
    expect(doc.status).toBe(200);
    expect(doc.body).toMatchObject({ status: 'succeeded', page_count: 31, embedding_model: embeddings.model, job: { status: 'succeeded', attempts: 1, last_error: null, next_retry_at: null } });
    expect(doc.body.chunk_count).toBeGreaterThan(20);
    const download = await fetch(doc.body.download_url);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(realFile('psychology-learning-and-memory/files/psychology-2e-chapter-8-memory-review.pptx'))).toBe(true);
    const tampered = await fetch(`${doc.body.download_url}x`);
    expect(tampered.status).toBe(403);
  });

  it('when text is pasted as JSON, then it is listed with its status', async () => {
    const created = await t.api(`/v1/courses/${courseId}/documents`, { token: instructor, body: { title: 'Week 1', format: 'markdown', text: '# Encoding\n\nEncoding turns experience into memory. Rehearsal helps.' } });
    expect(created.status).toBe(201);
    await settled(created.body.id);
    const listed = await t.api(`/v1/courses/${courseId}/documents`, { token: instructor });
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((d: { id: string }) => d.id === created.body.id)).toMatchObject({ title: 'Week 1', format: 'markdown', status: 'succeeded', chunk_count: 1 });
  });

  it('when the upload is over the size or page limit, then 413 in the error model; when unsupported, then 415', async () => {
    const big = await uploadFile('big.txt', Buffer.alloc(600 * 1024, 'a'));
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', request_id: expect.any(String) });
    const png = await uploadFile('diagram.pdf', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1]));
    expect(png.status).toBe(415);
    expect(png.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const tooManyPages = await uploadFile('chapter.pdf', realFile('psychology-learning-and-memory/files/psychology-2e-chapter-6-learning.pdf'));
    expect(tooManyPages.status).toBe(413);
    expect(tooManyPages.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'The file has 36 pages; the limit is 32.', details: { page_count: 36, max_pages: 32 } });
    const missing = await t.api(`/v1/courses/${courseId}/documents`, { token: instructor, body: { title: 'No text' } });
    expect(missing.status).toBe(400);
  });

  it('when the PDF is encrypted, then the document shows failed with the reason and one attempt', async () => {
    const upload = await uploadFile('locked.pdf', makePdf([[{ text: 'answers' }]], { isEncrypted: true }));
    const doc = await settled(upload.body.id);
    expect(doc.body).toMatchObject({ status: 'failed', job: { status: 'failed', attempts: 1, error_code: 'ENCRYPTED', last_error: 'The PDF is password-protected; upload an unlocked copy.' } });
  });

  it('when reindexed, then 202 and the chunk count is the same afterwards; cancel with nothing active is 409', async () => {
    const upload = await uploadFile('roles.pdf', realFile('carpentries-instructor-training/files/Carpentries_roles_worksheet_v4.pdf'));
    const before = await settled(upload.body.id);
    const reindex = await t.api(`/v1/documents/${upload.body.id}/reindex`, { token: instructor, method: 'POST' });
    expect(reindex.status).toBe(202);
    expect(reindex.body.job.id).not.toBe(before.body.job.id);
    const after = await settled(upload.body.id);
    expect(after.body).toMatchObject({ status: 'succeeded', chunk_count: before.body.chunk_count });
    const chunkRows = await t.db.db.selectFrom('chunks').select('id').where('document_id', '=', upload.body.id).execute();
    expect(chunkRows.length).toBe(before.body.chunk_count);
    const cancel = await t.api(`/v1/documents/${upload.body.id}/cancel`, { token: instructor, method: 'POST' });
    expect(cancel.status).toBe(409);
  });

  it('when deleted, then chunks and the stored file are gone and the audit log has every mutation', async () => {
    const upload = await uploadFile('memory.docx', realFile('psychology-learning-and-memory/files/psychology-2e-8.3-problems-with-memory.docx'));
    const doc = await settled(upload.body.id);
    const link = doc.body.download_url as string;
    expect((await fetch(link)).status).toBe(200);
    const deleted = await t.api(`/v1/documents/${upload.body.id}`, { token: instructor, method: 'DELETE' });
    expect(deleted).toMatchObject({ status: 200, body: { ok: true } });
    expect((await fetch(link)).status).toBe(404);
    expect((await t.api(`/v1/documents/${upload.body.id}`, { token: instructor })).status).toBe(404);
    expect(await t.db.db.selectFrom('chunks').select('id').where('document_id', '=', upload.body.id).execute()).toHaveLength(0);
    const audit = await t.db.db.selectFrom('audit_log').select(['action', 'request_id']).where('target_id', '=', upload.body.id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['document.deleted', 'document.uploaded']);
    expect(audit.every((a) => a.request_id)).toBe(true);
  });

  it('when a learner uploads, lists or deletes, then 403', async () => {
    const form = new FormData();
    form.append('file', new Blob([new TextEncoder().encode('notes')]), 'n.txt');
    const upload = await fetch(`${t.baseUrl}/v1/courses/${courseId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${learner}` }, body: form });
    expect(upload.status).toBe(403);
    expect((await t.api(`/v1/courses/${courseId}/documents`, { token: learner })).status).toBe(403);
    const any = (await t.api(`/v1/courses/${courseId}/documents`, { token: instructor })).body.items[0];
    expect((await t.api(`/v1/documents/${any.id}`, { token: learner, method: 'DELETE' })).status).toBe(403);
  });
});
