import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/database.js';
import { embeddingIndexName, ensureEmbeddingIndex, syncCourseVectorIndex } from '../../../src/domain/ingestion/chunks.repository.js';
import { createRetrievalRepository } from '../../../src/domain/qa/retrieval.repository.js';
import { createLocalHashEmbeddings } from '../../../src/providers/embeddings/local-hash.embeddings.js';
import { createTestDatabase } from '../../../../test-support/test-db.js';
import { addDocument, createCourse, createTenant, fillerText } from '../qa/qa-fixtures.js';

const embeddings = createLocalHashEmbeddings(384);
const model = embeddings.model;

/**
 * HNSW maintenance only where it pays (issue #20, migration 0140): a course's vectors enter the model's HNSW index
 * only once the course passes the exact-scan size; until then it is searched exactly, and small courses never pay
 * for graph inserts. Sizes are scaled down through the threshold argument (the product's is 20,000).
 */
describe('HNSW index membership by course size', () => {
  let handle: DatabaseHandle;
  let tenantId: string;
  const inIndex = async (courseId: string) => {
    const rows = await handle.db.selectFrom('chunk_embeddings').select(['in_hnsw']).where('course_id', '=', courseId).execute();
    return { total: rows.length, indexed: rows.filter((r) => r.in_hnsw).length };
  };
  const marked = async (courseId: string) => (await handle.db.selectFrom('course_vector_counts').select('hnsw')
    .where('course_id', '=', courseId).where('model', '=', model).executeTakeFirst())?.hnsw;

  beforeAll(async () => {
    handle = await createTestDatabase();
    await ensureEmbeddingIndex(handle.db, model, embeddings.dimensions);
    tenantId = await createTenant(handle.db, 'Index tenant');
  }, 60_000);
  afterAll(async () => handle?.close());

  it('when a course within the exact-scan size is indexed, then none of its vectors is in the HNSW index and it is searched exactly', async () => {
    const courseId = await createCourse(handle.db, tenantId, 'Small');
    await addDocument(handle.db, embeddings, { tenantId, courseId }, 'Small notes', Array.from({ length: 60 }, (_, i) => fillerText(100 + i)));
    expect(await inIndex(courseId)).toEqual({ total: 60, indexed: 0 });
    expect(await marked(courseId)).toBe(false);
    const [vector] = await embeddings.embed(['lorem ipsum'], 'query');
    const result = await createRetrievalRepository(handle.db).vectorSearch({ tenantId, courseId, model, dimensions: 384, vector: vector ?? [], limit: 10 });
    expect(result.strategy).toBe('exact');
    expect(result.hits).toHaveLength(10);
  });

  it('when a course passes the size but is not promoted yet, then it is still searched exactly and completely', async () => {
    const courseId = await createCourse(handle.db, tenantId, 'Grown, not promoted');
    await addDocument(handle.db, embeddings, { tenantId, courseId }, 'Notes', Array.from({ length: 80 }, (_, i) => fillerText(300 + i)));
    const [vector] = await embeddings.embed(['lorem ipsum'], 'query');
    const result = await createRetrievalRepository(handle.db, { exactScanMaxRows: 50 })
      .vectorSearch({ tenantId, courseId, model, dimensions: 384, vector: vector ?? [], limit: 40 });
    expect(result.strategy).toBe('exact');
    expect(result.hits).toHaveLength(40);
  });

  it('when a course passes the size, then all its vectors move into the index, later ones enter it at insert, and the index answers like the exact scan', async () => {
    const courseId = await createCourse(handle.db, tenantId, 'Large');
    const other = await createCourse(handle.db, tenantId, 'Neighbour');
    await addDocument(handle.db, embeddings, { tenantId, courseId: other }, 'Neighbour notes', Array.from({ length: 30 }, (_, i) => fillerText(900 + i)));
    await addDocument(handle.db, embeddings, { tenantId, courseId }, 'Part 1', Array.from({ length: 1_200 }, (_, i) => fillerText(2_000 + i)));
    expect((await inIndex(courseId)).indexed).toBe(0);

    // Promotion moves many batches (100 each) and marks the course; the neighbour is untouched.
    expect(await syncCourseVectorIndex(handle.db, { tenantId, courseId, model }, 1_000)).toBe('hnsw');
    expect(await inIndex(courseId)).toEqual({ total: 1_200, indexed: 1_200 });
    expect(await marked(courseId)).toBe(true);
    expect(await inIndex(other)).toEqual({ total: 30, indexed: 0 });

    // A document added later (re-using the product's default size) enters the index at insert.
    await addDocument(handle.db, embeddings, { tenantId, courseId }, 'Part 2', Array.from({ length: 70 }, (_, i) => fillerText(4_000 + i)));
    expect(await inIndex(courseId)).toEqual({ total: 1_270, indexed: 1_270 });

    const [vector] = await embeddings.embed(['lorem ipsum dolor'], 'query');
    const scope = { tenantId, courseId, model, dimensions: 384, vector: vector ?? [], limit: 40 };
    const approximate = await createRetrievalRepository(handle.db, { exactScanMaxRows: 1_000 }).vectorSearch(scope);
    const exact = await createRetrievalRepository(handle.db).vectorSearch(scope);
    expect(approximate.strategy).toBe('iterative_hnsw');
    expect(exact.strategy).toBe('exact');
    expect(approximate.hits).toHaveLength(40);
    expect(approximate.hits[0]?.chunkId).toBe(exact.hits[0]?.chunkId);
  });

  it('when the index is searched, then the planner can use the partial HNSW index (its predicate is implied by the query)', async () => {
    const [vector] = await embeddings.embed(['lorem'], 'query');
    const q = `[${(vector ?? []).join(',')}]`;
    await sql`analyze chunk_embeddings`.execute(handle.db);
    const plan = await handle.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      await sql`set local enable_bitmapscan = off`.execute(trx);
      await sql`set local enable_indexscan = on`.execute(trx);
      return sql<{ 'QUERY PLAN': string }>`explain
        select chunk_id from chunk_embeddings
        where model = ${sql.lit(model)} and in_hnsw
        order by embedding::vector(384) <=> ${q}::vector(384) limit 10`.execute(trx);
    });
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain(embeddingIndexName(model));
  });
});
