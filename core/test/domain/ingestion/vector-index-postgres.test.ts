import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../../src/db/database.js';
import { migrate } from '../../../src/db/migrator.js';
import { ensureEmbeddingIndex, syncCourseVectorIndex } from '../../../src/domain/ingestion/chunks.repository.js';
import { createRetrievalRepository } from '../../../src/domain/qa/retrieval.repository.js';
import { createLocalHashEmbeddings } from '../../../src/providers/embeddings/local-hash.embeddings.js';
import { type PostgresServer, startPostgresServer } from '../../../../test-support/postgres-server.js';
import { addDocument, createCourse, createTenant, fillerText } from '../qa/qa-fixtures.js';

const embeddings = createLocalHashEmbeddings(384);
const model = embeddings.model;

/** Promotion into the HNSW index on real PostgreSQL 15 + pgvector, where sweeps and ingestions really run at once. */
describe('HNSW promotion under concurrency (PostgreSQL)', () => {
  let pg: PostgresServer;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    pg = await startPostgresServer();
    handle = await openDatabase({ databaseUrl: pg.url, poolSize: 6 });
    await migrate(handle.db);
    await ensureEmbeddingIndex(handle.db, model, embeddings.dimensions);
  }, 120_000);
  afterAll(async () => { await handle?.close(); await pg?.stop(); });

  it('when two sweeps and an ingestion run on one course at once, then none fails and every vector ends in the index', async () => {
    const { db } = handle;
    const tenantId = await createTenant(db, 'Concurrent');
    const courseId = await createCourse(db, tenantId, 'Course');
    await addDocument(db, embeddings, { tenantId, courseId }, 'Part 1', Array.from({ length: 1_100 }, (_, i) => fillerText(10_000 + i)));
    const course = { tenantId, courseId, model };
    const results = await Promise.all([
      syncCourseVectorIndex(db, course, 500),
      syncCourseVectorIndex(db, course, 500),
      addDocument(db, embeddings, { tenantId, courseId }, 'Part 2', Array.from({ length: 120 }, (_, i) => fillerText(20_000 + i))),
    ]);
    expect(results.slice(0, 2)).toEqual(['hnsw', 'hnsw']);
    // The ingestion may have read the mark before it was set: the next sync (what its own write path ends with
    // once the course is past the product's size) moves what is left.
    await syncCourseVectorIndex(db, course, 500);
    const rows = await db.selectFrom('chunk_embeddings').select('in_hnsw').where('course_id', '=', courseId).execute();
    expect(rows).toHaveLength(1_220);
    expect(rows.every((r) => r.in_hnsw)).toBe(true);
    const [vector] = await embeddings.embed(['lorem ipsum'], 'query');
    const result = await createRetrievalRepository(db, { exactScanMaxRows: 500 })
      .vectorSearch({ tenantId, courseId, model, dimensions: 384, vector: vector ?? [], limit: 40 });
    expect(result.strategy).toBe('iterative_hnsw');
    expect(result.hits).toHaveLength(40);
  }, 120_000);
});
