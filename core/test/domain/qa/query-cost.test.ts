import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/database.js';
import { chunkTerms, replaceDocumentChunks } from '../../../src/domain/ingestion/chunks.repository.js';
import { createVocabularyRepository } from '../../../src/domain/qa/course-vocabulary.repository.js';
import { hybridRerank } from '../../../src/domain/qa/rank-fusion.js';
import { createRetrievalRepository, lexicalSearch } from '../../../src/domain/qa/retrieval.repository.js';
import { contentTerms } from '../../../src/domain/qa/text-analysis.js';
import { createLocalHashEmbeddings } from '../../../src/providers/embeddings/local-hash.embeddings.js';
import { createTestDatabase } from '../../../../test-support/test-db.js';
import { addDocument, createCourse, createTenant, fillerText } from './qa-fixtures.js';

const embeddings = createLocalHashEmbeddings(384);

/** Issue #20: statistics kept at ingest and delete, a bounded lexical leg, terms stored once. */
describe('query cost: stored statistics and terms, bounded lexical leg', () => {
  let handle: DatabaseHandle;
  let tenantId: string;

  beforeAll(async () => {
    handle = await createTestDatabase();
    tenantId = await createTenant(handle.db, 'Cost');
  }, 120_000);
  afterAll(async () => handle?.close());

  const counted = async (courseId: string) => {
    const { db } = handle;
    const stats = await db.selectFrom('course_chunk_stats').select('chunks').where('course_id', '=', courseId).executeTakeFirst();
    const vectors = await db.selectFrom('course_vector_counts').select('vectors').where('course_id', '=', courseId).where('model', '=', embeddings.model).executeTakeFirst();
    const lexeme = async (word: string) => Number((await db.selectFrom('course_lexemes').select('chunks').where('course_id', '=', courseId).where('lexeme', '=', word).executeTakeFirst())?.chunks ?? 0);
    return { chunks: Number(stats?.chunks ?? 0), vectors: Number(vectors?.vectors ?? 0), lighthouse: await lexeme('lighthous'), lorem: await lexeme('lorem') };
  };

  it('when documents are indexed, re-indexed and deleted, then the course statistics follow every write and match a count of the rows', async () => {
    const { db } = handle;
    const courseId = await createCourse(db, tenantId, 'Stats');
    const first = await addDocument(db, embeddings, { tenantId, courseId }, 'First', ['Lighthouse keepers trim wicks.', fillerText(1), fillerText(2)]);
    const second = await addDocument(db, embeddings, { tenantId, courseId }, 'Second', ['A lighthouse stands on the cape.', fillerText(3)]);
    expect(await counted(courseId)).toMatchObject({ chunks: 5, vectors: 5, lighthouse: 2 });

    // Re-indexing replaces the document's chunks: the counts move by the difference, not by the sum.
    const texts = Array.from({ length: 250 }, (_, i) => (i === 0 ? 'The lighthouse on the cape was rebuilt.' : fillerText(100 + i)));
    await replaceDocumentChunks(db, {
      tenantId, courseId, documentId: second.documentId, documentTitle: 'Second', embeddings: await embeddings.embed(texts, 'document'),
      chunks: texts.map((content, index) => ({ index, content, headingPath: [], page: undefined, slide: undefined, charStart: 0, charEnd: content.length })),
      model: embeddings.model, dimensions: embeddings.dimensions,
    });
    const real = await sql<{ n: string; lorem: string }>`select count(*) as n, count(*) filter (where tsv @@ 'lorem'::tsquery) as lorem from chunks where course_id = ${courseId}`.execute(db);
    expect(await counted(courseId)).toEqual({ chunks: 253, vectors: 253, lighthouse: 2, lorem: Number(real.rows[0]?.lorem) });

    await db.deleteFrom('documents').where('id', '=', first.documentId).execute();
    expect(await counted(courseId)).toMatchObject({ chunks: 250, vectors: 250, lighthouse: 1 });
    const result = await createRetrievalRepository(db).vectorSearch({ tenantId, courseId, model: embeddings.model, dimensions: 384, vector: (await embeddings.embed(['lighthouse'], 'query'))[0] ?? [], limit: 300 });
    expect(result.courseVectorCount).toBe(250);
    expect(result.hits).toHaveLength(250);
    // An embedding deleted on its own (its chunk stays) is counted down too.
    await db.deleteFrom('chunk_embeddings').where('chunk_id', '=', result.hits[0]?.chunkId as string).execute();
    expect(await counted(courseId)).toMatchObject({ chunks: 250, vectors: 249 });
  });

  it('when most chunks share the question\'s common words, then the lexical leg ranks a bounded set that still puts the chunk with the rare term first', async () => {
    const { db } = handle;
    const courseId = await createCourse(db, tenantId, 'Bounded');
    const texts = Array.from({ length: 300 }, (_, i) => `The keeper keeps the lamp burning every night. ${fillerText(500 + i, 20)}`);
    texts[137] = 'The keeper of the zanzibar lamp keeps it burning every night with whale oil.';
    const { chunkIds } = await addDocument(db, embeddings, { tenantId, courseId }, 'Keepers', texts);
    const question = 'Which keeper keeps the zanzibar lamp burning?';

    const bounded = await lexicalSearch(db, { tenantId, courseId, text: question, limit: 10 }, 20);
    expect(bounded[0]?.chunkId).toBe(chunkIds[137]);
    expect(bounded).toHaveLength(10);
    const unbounded = await lexicalSearch(db, { tenantId, courseId, text: question, limit: 10 }, 100_000);
    expect(unbounded[0]?.chunkId).toBe(chunkIds[137]);
    // Words the course never uses match nothing (and a question of stop words too).
    expect(await lexicalSearch(db, { tenantId, courseId, text: 'quetzalcoatl', limit: 10 }, 20)).toEqual([]);
    expect(await lexicalSearch(db, { tenantId, courseId, text: 'what is it?', limit: 10 }, 20)).toEqual([]);
  });

  it('when a course gets a new document, then the cached spelling vocabulary is rebuilt from the bumped chunk generation', async () => {
    const { db } = handle;
    const courseId = await createCourse(db, tenantId, 'Vocabulary');
    const vocabulary = createVocabularyRepository(db);
    await addDocument(db, embeddings, { tenantId, courseId }, 'One', ['Operant conditioning shapes behaviour.']);
    expect((await vocabulary.courseVocabulary({ tenantId, courseId })).has('reinforcement')).toBe(false);
    await addDocument(db, embeddings, { tenantId, courseId }, 'Two', ['Reinforcement schedules differ.']);
    const words = await vocabulary.courseVocabulary({ tenantId, courseId });
    expect(words.has('reinforcement')).toBe(true);
    expect(words.get('conditioning')).toBe(1);
  });

  it('when chunks are written, then their stored terms are the reranker\'s terms and reranking from them equals reranking from the text', async () => {
    const { db } = handle;
    const courseId = await createCourse(db, tenantId, 'Terms');
    const texts = ['Tesla invented the AC motor in 1887.', 'Edison favoured direct current.', fillerText(9)];
    const { chunkIds } = await addDocument(db, embeddings, { tenantId, courseId }, 'Currents', texts, ['Unit 1', 'Motors']);
    const rows = await db.selectFrom('chunks').select(['id', 'heading', 'content', 'terms']).where('course_id', '=', courseId).orderBy('chunk_index').execute();
    expect(rows.map((r) => r.id)).toEqual(chunkIds);
    for (const row of rows) expect(row.terms).toEqual(contentTerms(`${row.heading}\n${row.content}`));
    expect(chunkTerms('Unit 1 › Motors', texts[0] as string)).toEqual(rows[0]?.terms);

    const candidates = rows.map((r, i) => ({ chunkId: r.id, text: `${r.heading}\n${r.content}`, vectorSimilarity: 0.1 * i }));
    const fromText = hybridRerank('Who invented the AC motor?', candidates);
    const fromStored = hybridRerank('Who invented the AC motor?', candidates.map((c, i) => ({ ...c, text: '', terms: rows[i]?.terms ?? [] })));
    expect(fromStored).toEqual(fromText);
    expect(fromStored[0]?.chunkId).toBe(chunkIds[0]);
  });
});
