import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceDocumentChunks } from '../../../src/domain/ingestion/chunks.repository.js';
import type { DatabaseHandle } from '../../../src/db/database.js';
import type { Chunk } from '../../../src/domain/ingestion/types.js';
import { createLocalHashEmbeddings } from '../../../src/providers/embeddings/local-hash.embeddings.js';
import { createTestDatabase } from '../../../../test-support/test-db.js';
import { createCourse, createTenant } from '../qa/qa-fixtures.js';

const chunk = (index: number): Chunk => ({
  index, content: `Paragraph ${index} on the ${['kernel', 'shell', 'package', 'network'][index % 4]} and how it is configured.`,
  headingPath: ['Manual', `Part ${Math.floor(index / 40) + 1}`], page: undefined, slide: undefined, charStart: index * 100, charEnd: index * 100 + 90,
});

describe('writing a document\'s chunks', () => {
  let handle: DatabaseHandle;
  let tenantId: string;
  let courseId: string;
  const embeddings = createLocalHashEmbeddings(32);
  beforeAll(async () => {
    handle = await createTestDatabase();
    tenantId = await createTenant(handle.db, 'Chunks school');
    courseId = await createCourse(handle.db, tenantId, 'Manual');
  });
  afterAll(async () => { await handle?.close(); });

  const newDocument = async () => (await handle.db.insertInto('documents').values({
    tenant_id: tenantId, course_id: courseId, title: 'Manual', format: 'markdown', media_type: 'text/markdown', byte_size: 0,
  }).returning('id').executeTakeFirstOrThrow()).id;
  const write = async (documentId: string, chunks: Chunk[], vectors?: number[][]) => replaceDocumentChunks(handle.db, {
    tenantId, courseId, documentId, documentTitle: 'Manual', chunks, model: embeddings.model, dimensions: embeddings.dimensions,
    embeddings: vectors ?? await embeddings.embed(chunks.map((c) => c.content), 'document'),
  });
  /** What another request sees while a write runs: it arrives as its own task (as an HTTP request would). */
  const pollWhile = async (isRunning: () => boolean, documentId: string) => {
    const seen = new Set<number>();
    while (isRunning()) {
      seen.add(await countOf(documentId));
      await new Promise<void>((resolve) => { setImmediate(resolve); });
    }
    return seen;
  };
  const countOf = async (documentId: string) => Number((await handle.db.selectFrom('chunks').select((eb) => eb.fn.countAll().as('n'))
    .where('document_id', '=', documentId).executeTakeFirstOrThrow()).n);

  it('when a large document is indexed for the first time, then other queries run between its short transactions (they see it part-written) and it ends complete', async () => {
    const documentId = await newDocument();
    const chunks = Array.from({ length: 240 }, (_, i) => chunk(i));
    let isDone = false;
    const writing = write(documentId, chunks).finally(() => { isDone = true; });
    const seen = await pollWhile(() => !isDone, documentId);
    expect(await writing).toBe(240);
    // In one transaction another query would only ever see 0 or all 240.
    expect([...seen].some((n) => n > 0 && n < 240)).toBe(true);
    expect(await countOf(documentId)).toBe(240);
    const vectors = await handle.db.selectFrom('chunk_embeddings as e').innerJoin('chunks as c', 'c.id', 'e.chunk_id')
      .select((eb) => eb.fn.countAll().as('n')).where('c.document_id', '=', documentId).executeTakeFirstOrThrow();
    expect(Number(vectors.n)).toBe(240);
    const row = await handle.db.selectFrom('documents').select(['chunk_count', 'indexed_at']).where('id', '=', documentId).executeTakeFirstOrThrow();
    expect(row.chunk_count).toBe(240);
    expect(row.indexed_at).not.toBeNull();
  });

  it('when a first index fails part-way, then the chunks and topics it wrote are removed and the error is reported', async () => {
    const documentId = await newDocument();
    const chunks = Array.from({ length: 160 }, (_, i) => chunk(i));
    const vectors = await embeddings.embed(chunks.map((c) => c.content), 'document');
    // The database refuses the last batch (a NaN in a vector) after earlier batches were committed.
    vectors[150] = vectors[150]!.map(() => Number.NaN);
    await expect(write(documentId, chunks, vectors)).rejects.toThrow();
    expect(await countOf(documentId)).toBe(0);
    expect(await handle.db.selectFrom('topics').select('id').where('document_id', '=', documentId).execute()).toEqual([]);
    // A retry starts again from nothing and completes.
    expect(await write(documentId, chunks)).toBe(160);
    expect(await countOf(documentId)).toBe(160);
  });

  it('when an indexed document is re-indexed and that fails, then the previous index stays whole; when it succeeds, readers never saw a mix', async () => {
    const documentId = await newDocument();
    const first = Array.from({ length: 120 }, (_, i) => chunk(i));
    await write(documentId, first);
    const second = Array.from({ length: 130 }, (_, i) => ({ ...chunk(i), content: `Revised paragraph ${i}.` }));
    const broken = await embeddings.embed(second.map((c) => c.content), 'document');
    broken[129] = broken[129]!.map(() => Number.NaN);
    await expect(write(documentId, second, broken)).rejects.toThrow();
    expect(await countOf(documentId)).toBe(120);

    let isDone = false;
    const writing = write(documentId, second).finally(() => { isDone = true; });
    const seen = await pollWhile(() => !isDone, documentId);
    await writing;
    expect([...seen].every((n) => n === 120 || n === 130)).toBe(true);
    const contents = await handle.db.selectFrom('chunks').select('content').where('document_id', '=', documentId).execute();
    expect(contents.every((c) => c.content.startsWith('Revised'))).toBe(true);
  });
});
