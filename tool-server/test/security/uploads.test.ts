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
