// Ingest throughput on the embedded stack (PGlite in memory, local storage, local hashed embeddings,
// in-process queue): pages/s and chunks/s for the demo chapter PDF, and upload → succeeded for a 10-page PDF.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  InProcessQueue, LocalStorage, createLocalHashEmbeddings, createLogger, ensureEmbeddingIndex, getDocument, loadConfig, migrate, openDatabase,
  uploadDocument,
} from '@tutorgraph/core';
import { seedCourse } from '../core/test/domain/ingestion/seed-course.js';
import { createJobRuntime } from '../worker/src/job-runtime.js';
import { parseDocument } from '../worker/src/parse/parse-document.js';
import { makePdf, type PdfLine } from '../worker/test/helpers/make-pdf.js';

const DEMO_PDF = fileURLToPath(new URL('../data/courses/psychology-learning-and-memory/files/psychology-2e-chapter-6-learning.pdf', import.meta.url));

/** A 10-page text PDF with a heading and ~2,000 characters of body per page, like lecture notes. */
function tenPagePdf(): Uint8Array {
  const pages: PdfLine[][] = [];
  for (let page = 1; page <= 10; page += 1) {
    const lines: PdfLine[] = [{ text: `Lecture ${page}: Memory and learning`, size: 16 }];
    for (let line = 1; line <= 30; line += 1) lines.push({ text: `Line ${line} of page ${page}: rehearsal moves information from short-term to long-term memory.` });
    pages.push(lines);
  }
  return makePdf(pages);
}

/** Prints the ingest figures; `npm run bench` calls it. */
export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tg-bench-ingest-'));
  const config = loadConfig({ NODE_ENV: 'test', APP_TOKEN_KEYS: `b:${Buffer.alloc(32, 1).toString('base64')}`, LTI_KEY: 'b'.repeat(32), DATA_DIR: dir });
  const database = await openDatabase({ pgliteDataDir: 'memory://' });
  try {
    await migrate(database.db);
    const embeddings = createLocalHashEmbeddings(config.embeddings.dimensions);
    await ensureEmbeddingIndex(database.db, embeddings.model, embeddings.dimensions);
    const storage = new LocalStorage({ root: join(dir, 'files'), signingKey: new Uint8Array(32).fill(1), urlBase: 'http://localhost/v1/files' });
    const queue = new InProcessQueue({ db: database.db, concurrency: 1 });
    const runtime = createJobRuntime({ config, db: database.db, storage, embeddings, logger: createLogger('silent'), workerId: 'bench' });
    await queue.start(runtime.processor);
    const { courseId, instructor } = await seedCourse(database.db);
    const services = { db: database.db, storage, queue, limits: config.upload, maxAttempts: 1 };

    const ingest = async (fileName: string, bytes: Uint8Array) => {
      const started = performance.now();
      const created = await uploadDocument(services, instructor, courseId, { kind: 'file', fileName, bytes });
      await queue.idle();
      const ms = performance.now() - started;
      const document = await getDocument(services, instructor, created.id);
      if (document.status !== 'succeeded') throw new Error(`${fileName} ended ${document.status}: ${document.job?.lastError}`);
      return { ms, pages: document.pageCount ?? 0, chunks: document.chunkCount };
    };

    const demoBytes = new Uint8Array(readFileSync(DEMO_PDF));
    await ingest('warm-up.pdf', tenPagePdf()); // JIT and pdf.js module warm-up, not measured
    const parseStarted = performance.now();
    await parseDocument(demoBytes, 'pdf', { maxPages: config.upload.maxPages });
    const parseMs = performance.now() - parseStarted;
    const demo = await ingest('psychology-2e-chapter-6-learning.pdf', demoBytes);
    const ten = await ingest('ten-pages.pdf', tenPagePdf());
    await queue.close();

    const perSecond = (n: number, ms: number) => (n / (ms / 1000)).toFixed(1);
    console.log(`demo PDF (${demo.pages} pages, ${demo.chunks} chunks, ${embeddings.model}, PGlite):`);
    console.log(`  upload → succeeded  ${demo.ms.toFixed(0)} ms   ${perSecond(demo.pages, demo.ms)} pages/s   ${perSecond(demo.chunks, demo.ms)} chunks/s`);
    console.log(`  parse only          ${parseMs.toFixed(0)} ms   ${perSecond(demo.pages, parseMs)} pages/s`);
    console.log(`10-page PDF (${ten.chunks} chunks): upload → succeeded ${ten.ms.toFixed(0)} ms`);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
