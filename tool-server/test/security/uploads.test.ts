import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// Issue #15 findings 15 and 17 (uploads): non-ASCII file names were garbled ('â\x80®'); CR/NUL in file
// names and malformed multipart bodies gave 500s; 100,000 form fields were read.
let t: TestApp;
let instructor: string;
let courseId: string;
beforeAll(async () => {
  // The test app's default job queue is never started: uploads stay queued.
  t = await startTestApp();
  instructor = await t.login('instructor');
  const course = await t.api('/v1/courses', { token: instructor, body: { title: 'Uploads' } });
  courseId = course.body.id;
});
afterAll(async () => { await t?.close(); });

const upload = (fileName: string, extraFields = 0) => {
  const form = new FormData();
  for (let i = 0; i < extraFields; i += 1) form.append(`f${i}`, 'x');
  form.append('file', new Blob(['# Title\n\nSome text about memory.\n'], { type: 'text/markdown' }), fileName);
  return fetch(`${t.baseUrl}/v1/courses/${courseId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${instructor}` }, body: form });
};

describe('uploaded file names and multipart limits', () => {
  it('when a file name is not ASCII, then it is stored as the user wrote it', async () => {
    const res = await upload('Gedächtnis – Übersicht ‮.md');
    const body = await res.json() as { file_name?: string; title?: string };
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(JSON.stringify(body)).toContain('Gedächtnis – Übersicht');
    expect(JSON.stringify(body)).not.toContain('Ã');
  });

  it('when a file name holds a carriage return, then the upload is refused with 400', async () => {
    const boundary = 'xyz';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a\rb.md"\r\nContent-Type: text/markdown\r\n\r\n# A\r\n--${boundary}--\r\n`;
    const res = await fetch(`${t.baseUrl}/v1/courses/${courseId}/documents`, {
      method: 'POST', headers: { authorization: `Bearer ${instructor}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, body,
    });
    expect(res.status).toBe(400);
  });

  it('when a multipart body carries hundreds of fields, then it is refused with 400 without reading them all', async () => {
    const res = await upload('notes.md', 500);
    expect(res.status).toBe(400);
  });
});

describe('permission before the body', () => {
  it('when a learner uploads to a course they cannot see, then the 404 comes before the body is read', async () => {
    const learner = await t.login('learner2');
    const encoder = new TextEncoder();
    let sent = 0;
    // A body that sends one chunk and then stalls: if the server read the body before checking access,
    // no answer would come until the stream ends.
    const body = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        if (sent === 0) { sent += 1; controller.enqueue(encoder.encode('--b\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n\r\n%PDF-1.4 ')); return; }
        await new Promise((resolve) => setTimeout(resolve, 20_000));
        controller.close();
      },
    });
    const started = Date.now();
    const res = await fetch(`${t.baseUrl}/v1/courses/${courseId}/documents`, {
      method: 'POST', headers: { authorization: `Bearer ${learner}`, 'content-type': 'multipart/form-data; boundary=b' }, body, duplex: 'half',
      signal: AbortSignal.timeout(10_000),
    } as RequestInit);
    expect([403, 404]).toContain(res.status);
    expect(Date.now() - started).toBeLessThan(8000);
  });
});

// Issue #15 finding 8: multer buffered whole uploads in memory. Files now stream to a temporary file; the size
// limit is enforced while streaming.
describe('uploads stream to disk', () => {
  let small: TestApp;
  let token: string;
  let course: string;
  const inProgress = () => join(small.deps.config.dataDir, 'uploads-in-progress');
  beforeAll(async () => {
    small = await startTestApp({ env: { UPLOAD_MAX_BYTES: String(64 * 1024) } });
    token = await small.login('instructor');
    course = (await small.api('/v1/courses', { token, body: { title: 'Streaming uploads' } })).body.id;
  });
  afterAll(async () => { await small?.close(); });

  const post = (body: BodyInit, headers: Record<string, string> = {}, signal?: AbortSignal) => fetch(`${small.baseUrl}/v1/courses/${course}/documents`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers }, body, duplex: 'half', signal,
  } as RequestInit);

  it('when a file is over the size limit, then 413 in the error model and no part of it is left on disk', async () => {
    const form = new FormData();
    form.append('file', new Blob(['# Big\n\n', 'word '.repeat(200_000)], { type: 'text/markdown' }), 'big.md');
    const res = await post(form);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(readdirSync(inProgress())).toEqual([]);
  });

  it('when a file is being received, then it grows on disk, and once accepted its temporary file is gone', async () => {
    const encoder = new TextEncoder();
    let step = 0;
    const body = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        step += 1;
        if (step === 1) controller.enqueue(encoder.encode('--b\r\nContent-Disposition: form-data; name="file"; filename="notes.md"\r\nContent-Type: text/markdown\r\n\r\n# Notes\n\n'));
        else if (step <= 4) controller.enqueue(encoder.encode('Memory has three stages: encoding, storage and retrieval. '.repeat(100)));
        else if (step === 5) {
          // Stall until the part already sent is seen on disk.
          const deadline = Date.now() + 20_000;
          while (Date.now() < deadline && !readdirSync(inProgress()).some((name) => statSync(join(inProgress(), name)).size > 10_000)) {
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          controller.enqueue(encoder.encode('\r\n--b--\r\n'));
        } else controller.close();
      },
    });
    const res = await post(body, { 'content-type': 'multipart/form-data; boundary=b' });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { byte_size: number }).byte_size).toBeGreaterThan(10_000);
    expect(readdirSync(inProgress())).toEqual([]);
  });
});
