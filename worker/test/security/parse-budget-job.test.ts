import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DatabaseHandle, type DocumentServices, InProcessQueue, LocalStorage, createLocalHashEmbeddings, createLogger, ensureEmbeddingIndex,
  getDocument, loadConfig, uploadDocument,
} from '@tutorgraph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test-support/test-db.js';
import { seedCourse, type SeededCourse } from '../../../core/test/domain/ingestion/seed-course.js';
import { createJobRuntime } from '../../src/job-runtime.js';

// Issue #15 finding 3: under BullMQ a slow Markdown file outran the job lock and bounced between workers. With a
// parse budget the job fails once, for good, with a reason the instructor can read.
const root = mkdtempSync(join(tmpdir(), 'tg-parse-budget-'));
const config = loadConfig({
  NODE_ENV: 'test', APP_TOKEN_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`, LTI_KEY: 'l'.repeat(32), DATA_DIR: root,
  UPLOAD_MAX_BYTES: String(8 * 1024 * 1024), JOB_BACKOFF_MS: '10', UPLOAD_PARSE_TIMEOUT_MS: '1',
});
let handle: DatabaseHandle;
let queue: InProcessQueue;
let services: DocumentServices;
let course: SeededCourse;

beforeAll(async () => {
  handle = await createTestDatabase();
  const embeddings = createLocalHashEmbeddings(64);
  await ensureEmbeddingIndex(handle.db, embeddings.model, embeddings.dimensions);
  const storage = new LocalStorage({ root: join(root, 'files'), signingKey: new Uint8Array(32).fill(3), urlBase: 'http://localhost/v1/files' });
  queue = new InProcessQueue({ db: handle.db, concurrency: 1 });
  const runtime = createJobRuntime({ config, db: handle.db, storage, embeddings, logger: createLogger('silent'), workerId: 'budget-worker' });
  await queue.start(runtime.processor);
  services = { db: handle.db, storage, queue, limits: config.upload, maxAttempts: 3 };
  course = await seedCourse(handle.db);
});
afterAll(async () => {
  await queue.close();
  await handle.close();
  rmSync(root, { recursive: true, force: true });
});

describe('parse time budget in the job', () => {
  it('when a file takes longer than UPLOAD_PARSE_TIMEOUT_MS to parse, then its job fails once with "took too long to parse" and is not retried', async () => {
    const text = `# Notes\n\n${'A paragraph of plain course text that goes on and on. '.repeat(80_000)}`;
    const uploaded = await uploadDocument(services, course.instructor, course.courseId, { kind: 'paste', title: 'Slow notes', format: 'markdown', text });
    await queue.idle();
    const doc = await getDocument(services, course.instructor, uploaded.id);
    expect(doc).toMatchObject({ status: 'failed', job: { status: 'failed', attempts: 1, errorCode: 'PARSE_TIMEOUT', nextRetryAt: null } });
    expect(doc.job?.lastError).toContain('took too long to parse');
  });
});
