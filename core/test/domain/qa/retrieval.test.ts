import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/database.js';
import { ensureEmbeddingIndex, syncCourseVectorIndex } from '../../../src/domain/ingestion/chunks.repository.js';
import { createRetrievalRepository } from '../../../src/domain/qa/retrieval.repository.js';
import { retrieveChunks } from '../../../src/domain/qa/retrieve-chunks.js';
import { createLocalHashEmbeddings } from '../../../src/providers/embeddings/local-hash.embeddings.js';
import { createTestDatabase } from '../../../../test-support/test-db.js';
import { addDocument, createCourse, createTenant, fillerText } from './qa-fixtures.js';

const embeddings = createLocalHashEmbeddings(384);
const SECRET = 'The zanzibar protocol requires quorum consensus among seven lighthouse keepers.';

/**
 * One database, one shared HNSW index, courses of very different sizes: tiny (3 chunks), medium (150)
 * and large (1,500) in tenant A, plus a sibling course in tenant A and a course in tenant B that hold
 * the only chunk matching SECRET.
 */
describe('course-scoped retrieval: completeness and isolation', () => {
  let handle: DatabaseHandle;
  const courses: Record<'tiny' | 'medium' | 'large' | 'sibling' | 'otherTenant', { tenantId: string; courseId: string; chunkIds: string[] }> = {} as never;

  beforeAll(async () => {
    handle = await createTestDatabase();
    const { db } = handle;
    await ensureEmbeddingIndex(db, embeddings.model, embeddings.dimensions);
    const tenantA = await createTenant(db, 'Tenant A');
    const tenantB = await createTenant(db, 'Tenant B');
    const make = async (tenantId: string, title: string, texts: string[]) => {
      const courseId = await createCourse(db, tenantId, title);
      const { chunkIds } = await addDocument(db, embeddings, { tenantId, courseId }, `${title} notes`, texts, ['Unit 1']);
      return { tenantId, courseId, chunkIds };
    };
    courses.tiny = await make(tenantA, 'Tiny', [fillerText(1), fillerText(2), 'Lighthouse keepers trim wicks at dusk.']);
    courses.medium = await make(tenantA, 'Medium', Array.from({ length: 150 }, (_, i) => fillerText(1000 + i)));
    courses.large = await make(tenantA, 'Large', Array.from({ length: 1500 }, (_, i) => fillerText(5000 + i)));
    courses.sibling = await make(tenantA, 'Sibling', [SECRET, fillerText(3)]);
    courses.otherTenant = await make(tenantB, 'Other tenant', [SECRET, fillerText(4)]);
    // Every course's vectors into the index (as if each were past the exact-scan size), so `exactScanMaxRows: 0`
    // searches them through it; with the default size they are still searched exactly.
    for (const course of Object.values(courses)) {
      await syncCourseVectorIndex(db, { ...course, model: embeddings.model }, 0);
    }
  }, 240_000);
  afterAll(async () => handle?.close());

  for (const threshold of [20_000, 0]) {
    const label = threshold === 0 ? 'the shared HNSW index with iterative scan' : 'exact scan for small courses';
    it(`when each course is searched through ${label}, then the vector leg returns min(limit, chunks in the course) rows, all from that course`, async () => {
      const store = createRetrievalRepository(handle.db, { exactScanMaxRows: threshold });
      const [vector] = await embeddings.embed(['lorem ipsum lighthouse keepers'], 'query');
      for (const name of ['tiny', 'medium', 'large'] as const) {
        const course = courses[name];
        const result = await store.vectorSearch({ tenantId: course.tenantId, courseId: course.courseId, model: embeddings.model, dimensions: 384, vector: vector ?? [], limit: 40 });
        expect(result.hits, name).toHaveLength(Math.min(40, course.chunkIds.length));
        expect(result.courseVectorCount).toBe(course.chunkIds.length);
        const own = new Set(course.chunkIds);
        expect(result.hits.every((h) => own.has(h.chunkId)), name).toBe(true);
        if (threshold === 0) expect(result.strategy).not.toBe('exact');
        else expect(result.strategy).toBe('exact');
        // Scores come back best first whatever the scan.
        expect(result.hits.map((h) => h.score)).toEqual([...result.hits.map((h) => h.score)].sort((a, b) => b - a));
      }
    });
  }

  it('when the large course is searched with the index, then the iterative scan finds the same top rows as the exact scan', async () => {
    const [vector] = await embeddings.embed([fillerText(5123)], 'query');
    const scope = { tenantId: courses.large.tenantId, courseId: courses.large.courseId, model: embeddings.model, dimensions: 384, vector: vector ?? [], limit: 10 };
    const exact = await createRetrievalRepository(handle.db, { exactScanMaxRows: 1_000_000 }).vectorSearch(scope);
    const approximate = await createRetrievalRepository(handle.db, { exactScanMaxRows: 0 }).vectorSearch(scope);
    expect(approximate.hits).toHaveLength(10);
    expect(approximate.hits[0]?.chunkId).toBe(exact.hits[0]?.chunkId);
  });

  it('when hybrid retrieval runs with top_k 10, then every course gets min(10, its chunks) results', async () => {
    for (const exactScanMaxRows of [20_000, 0]) {
      const retrieval = createRetrievalRepository(handle.db, { exactScanMaxRows });
      for (const name of ['tiny', 'medium', 'large'] as const) {
        const course = courses[name];
        const { chunks, stats } = await retrieveChunks({ retrieval, embeddings }, { tenantId: course.tenantId, courseId: course.courseId, question: 'What do lighthouse keepers do?', topK: 10, topN: 40 });
        expect(chunks, `${name} @ ${exactScanMaxRows}`).toHaveLength(Math.min(10, course.chunkIds.length));
        expect(stats.selected).toEqual(chunks.map((c) => c.chunkId));
      }
    }
  });

  it('when a question matches only chunks of another course and another tenant, then none of them is retrieved, by either leg', async () => {
    for (const exactScanMaxRows of [20_000, 0]) {
      const retrieval = createRetrievalRepository(handle.db, { exactScanMaxRows });
      const { chunks, stats } = await retrieveChunks({ retrieval, embeddings }, { tenantId: courses.tiny.tenantId, courseId: courses.tiny.courseId, question: SECRET, topK: 10, topN: 40 });
      const foreign = new Set([...courses.sibling.chunkIds, ...courses.otherTenant.chunkIds]);
      const everyId = [...chunks.map((c) => c.chunkId), ...stats.legs.vector.map((h) => h.chunkId), ...stats.legs.lexical.map((h) => h.chunkId)];
      expect(everyId.length).toBeGreaterThan(0);
      expect(everyId.filter((id) => foreign.has(id))).toEqual([]);
      expect(new Set(everyId)).toEqual(new Set(everyId.filter((id) => courses.tiny.chunkIds.includes(id))));
    }
  });

  it('when a foreign chunk id is asked for directly, then loadCandidates does not return it', async () => {
    const store = createRetrievalRepository(handle.db);
    const [vector] = await embeddings.embed(['x'], 'query');
    const rows = await store.loadCandidates({ tenantId: courses.tiny.tenantId, courseId: courses.tiny.courseId, chunkIds: [courses.otherTenant.chunkIds[0] as string, courses.tiny.chunkIds[0] as string], model: embeddings.model, vector: vector ?? [] });
    expect(rows.map((r) => r.chunkId)).toEqual([courses.tiny.chunkIds[0]]);
  });

  it('when the question is only stop words, then the lexical leg matches nothing and the vector leg still fills top_k', async () => {
    const retrieval = createRetrievalRepository(handle.db);
    const { chunks, stats } = await retrieveChunks({ retrieval, embeddings }, { tenantId: courses.medium.tenantId, courseId: courses.medium.courseId, question: 'what is it and where is it?', topK: 5 });
    expect(stats.legs.lexical).toEqual([]);
    expect(chunks).toHaveLength(5);
  });
});
