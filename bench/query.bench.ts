/**
 * Query latency at scale on PGlite: one database of BENCH_TOTAL_CHUNKS chunks (default 100,000) in
 * several courses and two tenants, one course of BENCH_COURSE_CHUNKS (default 20,000) that is queried,
 * and a 5-chunk course beside it. Prints p50/p95 of the whole answer-question use case and of each stage,
 * and the completeness check (top_k rows back for the big course, all 5 for the tiny one).
 *
 * Data: the queried course gets synthetic Zipf-distributed text embedded by the local provider in JS;
 * the other courses are generated inside Postgres (random words, random vectors) because PGlite inserts
 * only ~1k rows/s from the client. No HNSW index is built: 100k×384 takes minutes and ~1 GB on PGlite,
 * and courses up to 20k vectors use the exact scan anyway (docs/decisions/0030-retrieval-design.md).
 *
 * Run: `npm run bench -- query` (or `npx tsx bench/query.bench.ts`).
 */
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { openDatabase } from '../core/src/db/database.js';
import { migrate } from '../core/src/db/migrator.js';
import { createQaRepository } from '../core/src/domain/qa/qa.repository.js';
import { createRetrievalRepository } from '../core/src/domain/qa/retrieval.repository.js';
import { answerQuestion } from '../core/src/domain/qa/answer-question.js';
import { createLocalHashEmbeddings } from '../core/src/providers/embeddings/local-hash.embeddings.js';
import { createLocalExtractiveLlm } from '../core/src/providers/llm/local-extractive.llm.js';
// The one seeded RNG (mulberry32), as the quiz generator uses it.
import { seededRandom as createRng } from '../core/src/domain/quiz/text.js';

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'di', 'gu', 'ba', 'fe', 'no', 'xi', 'ter', 'mon', 'cal', 'ris'];
/** A 3,000-word vocabulary of pseudo-words; word i is drawn with probability ∝ 1/(i+1) (Zipf). */
const VOCABULARY = Array.from({ length: 3000 }, (_, i) => `${SYLLABLES[i % 20]}${SYLLABLES[Math.floor(i / 20) % 20]}${SYLLABLES[Math.floor(i / 400) % 20]}`);
const HARMONIC = VOCABULARY.reduce((sum, _, i) => sum + 1 / (i + 1), 0);

function zipfWord(rng: () => number): string {
  let target = rng() * HARMONIC;
  for (let i = 0; i < VOCABULARY.length; i += 1) {
    target -= 1 / (i + 1);
    if (target <= 0) return VOCABULARY[i] as string;
  }
  return VOCABULARY[VOCABULARY.length - 1] as string;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
};

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<void> {
  const total = Number(process.env.BENCH_TOTAL_CHUNKS ?? 100_000);
  const courseSize = Number(process.env.BENCH_COURSE_CHUNKS ?? 20_000);
  const queries = Number(process.env.BENCH_QUERIES ?? 60);
  const rng = createRng(7);
  const embeddings = createLocalHashEmbeddings(384);
  const handle = await openDatabase({ pgliteDataDir: 'memory://' });
  const { db } = handle;
  try {
    await migrate(db);
    const t0 = performance.now();
    const tenantA = (await db.insertInto('tenants').values({ name: 'Bench A', slug: 'bench-a' }).returning('id').executeTakeFirstOrThrow()).id;
    const tenantB = (await db.insertInto('tenants').values({ name: 'Bench B', slug: 'bench-b' }).returning('id').executeTakeFirstOrThrow()).id;
    const newCourse = async (tenantId: string, title: string) => {
      const courseId = (await db.insertInto('courses').values({ tenant_id: tenantId, title }).returning('id').executeTakeFirstOrThrow()).id;
      const documentId = (await db.insertInto('documents').values({ tenant_id: tenantId, course_id: courseId, title: `${title} notes`, format: 'text', media_type: 'text/plain', byte_size: 0 }).returning('id').executeTakeFirstOrThrow()).id;
      return { tenantId, courseId, documentId };
    };

    await sql`create temporary table bench_vectors as
      select k, (select array_agg(random() - 0.5 + 0 * k + 0 * d.i)::vector from generate_series(1, 384) as d(i)) as v from generate_series(0, 996) k`.execute(db);
    // The other courses, generated inside Postgres in slices of 10k rows.
    const others = total - courseSize - 5;
    const otherCourses = Math.max(1, Math.round(others / 10_000));
    for (let c = 0; c < otherCourses; c += 1) {
      const course = await newCourse(c % 2 === 0 ? tenantA : tenantB, `Other ${c}`);
      const rows = Math.round(others / otherCourses);
      for (let start = 0; start < rows; start += 10_000) {
        const count = Math.min(10_000, rows - start);
        await sql`
          insert into chunks (tenant_id, course_id, document_id, chunk_index, content, char_start, char_end)
          select ${course.tenantId}, ${course.courseId}, ${course.documentId}, g,
            (select string_agg(w[1 + floor(random() * array_length(w, 1))::int + 0 * s.i], ' ') from generate_series(1, 80 + 0 * g) as s(i)), 0, 0
          from generate_series(${start}::int, ${start + count - 1}::int) g, (select ${VOCABULARY.slice(0, 1500)}::text[] as w) v`.execute(db);
      }
      // 997 random vectors reused round-robin: generating 384 random numbers per row is what makes PGlite slow here.
      await sql`
        insert into chunk_embeddings (chunk_id, model, tenant_id, course_id, dims, embedding)
        select c.id, ${embeddings.model}, c.tenant_id, c.course_id, 384, p.v
        from chunks c join bench_vectors p on p.k = c.chunk_index % 997
        where c.course_id = ${course.courseId}`.execute(db);
    }
    const t1 = performance.now();

    // The queried course: real local embeddings of Zipf text, multi-row inserts of 500.
    const big = await newCourse(tenantA, 'Big course');
    const texts: string[] = [];
    for (let i = 0; i < courseSize; i += 1) texts.push(`${Array.from({ length: 90 }, () => zipfWord(rng)).join(' ')}.`);
    for (let start = 0; start < courseSize; start += 500) {
      const batch = texts.slice(start, start + 500);
      const vectors = await embeddings.embed(batch, 'document');
      const inserted = await db.insertInto('chunks').values(batch.map((content, i) => ({
        tenant_id: big.tenantId, course_id: big.courseId, document_id: big.documentId, chunk_index: start + i, content, char_start: 0, char_end: content.length,
      }))).returning(['id', 'chunk_index']).execute();
      await db.insertInto('chunk_embeddings').values(inserted.map((row) => ({
        chunk_id: row.id, model: embeddings.model, tenant_id: big.tenantId, course_id: big.courseId, dims: 384,
        embedding: `[${(vectors[row.chunk_index - start] ?? []).join(',')}]`,
      }))).execute();
    }
    const tiny = await newCourse(tenantA, 'Tiny course');
    const tinyTexts = texts.slice(0, 5);
    const tinyVectors = await embeddings.embed(tinyTexts, 'document');
    const tinyRows = await db.insertInto('chunks').values(tinyTexts.map((content, i) => ({
      tenant_id: tiny.tenantId, course_id: tiny.courseId, document_id: tiny.documentId, chunk_index: i, content, char_start: 0, char_end: content.length,
    }))).returning(['id', 'chunk_index']).execute();
    await db.insertInto('chunk_embeddings').values(tinyRows.map((row) => ({
      chunk_id: row.id, model: embeddings.model, tenant_id: tiny.tenantId, course_id: tiny.courseId, dims: 384, embedding: `[${(tinyVectors[row.chunk_index] ?? []).join(',')}]`,
    }))).execute();
    await sql`analyze`.execute(db);
    const t2 = performance.now();
    const counted = await db.selectFrom('chunks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    console.log(`database: ${Number(counted.n)} chunks (${otherCourses} other courses generated in ${((t1 - t0) / 1000).toFixed(0)} s; `
      + `${courseSize}-chunk course embedded and inserted in ${((t2 - t1) / 1000).toFixed(0)} s)`);

    const deps = { retrieval: createRetrievalRepository(db), embeddings, llm: createLocalExtractiveLlm(), store: createQaRepository(db) };
    const totals: number[] = [];
    const stages: Record<string, number[]> = {};
    let complete = 0;
    for (let q = 0; q < queries + 3; q += 1) {
      // Questions reuse words of a random chunk of the course, so both legs have something to find.
      const source = texts[Math.floor(rng() * texts.length)] as string;
      const words = source.split(' ');
      const offset = Math.floor(rng() * (words.length - 8));
      const question = `What is ${words.slice(offset, offset + 6).join(' ')}?`;
      const started = performance.now();
      const result = await answerQuestion(deps, { tenantId: big.tenantId, courseId: big.courseId, userId: null, question, topK: 10, topN: 40 });
      const elapsed = performance.now() - started;
      if (q < 3) continue; // warm-up
      totals.push(elapsed);
      for (const [stage, ms] of Object.entries(result.retrievalStats.latencyMs)) (stages[stage] ??= []).push(ms);
      const selected = result.retrievalStats.selected.length;
      const vectorRows = result.retrievalStats.legs.vector.length;
      if (selected === 10 && vectorRows === 40) complete += 1;
    }
    // Each leg alone (on PGlite the two legs of a query share one connection, so in-query timings overlap).
    const store = createRetrievalRepository(db);
    const alone: Record<'vector' | 'lexical', number[]> = { vector: [], lexical: [] };
    for (let q = 0; q < 30; q += 1) {
      const words = (texts[Math.floor(rng() * texts.length)] as string).split(' ');
      const question = `What is ${words.slice(10, 16).join(' ')}?`;
      const [vector] = await embeddings.embed([question], 'query');
      let started = performance.now();
      await store.vectorSearch({ tenantId: big.tenantId, courseId: big.courseId, model: embeddings.model, dimensions: 384, vector: vector ?? [], limit: 40 });
      alone.vector.push(performance.now() - started);
      started = performance.now();
      await store.lexicalSearch({ tenantId: big.tenantId, courseId: big.courseId, text: question, limit: 40 });
      alone.lexical.push(performance.now() - started);
    }
    const tinyResult = await answerQuestion(deps, { tenantId: tiny.tenantId, courseId: tiny.courseId, userId: null, question: 'What is the first topic?', topK: 10, topN: 40 });

    console.log(`queries: ${totals.length} on the ${courseSize}-chunk course (top_n 40, top_k 10, local providers, exact vector scan)`);
    console.log('| stage | p50 ms | p95 ms |\n|---|---|---|');
    console.log(`| whole answer-question (embed → legs → fuse → rerank → answer → persist) | ${percentile(totals, 50).toFixed(1)} | ${percentile(totals, 95).toFixed(1)} |`);
    for (const stage of ['embed', 'vector', 'lexical', 'load', 'rerank', 'answer']) {
      const values = stages[stage] ?? [];
      if (values.length > 0) console.log(`| ${stage} | ${percentile(values, 50).toFixed(1)} | ${percentile(values, 95).toFixed(1)} |`);
    }
    for (const leg of ['vector', 'lexical'] as const) {
      console.log(`| ${leg} leg alone (30 queries, sequential) | ${percentile(alone[leg], 50).toFixed(1)} | ${percentile(alone[leg], 95).toFixed(1)} |`);
    }
    console.log(`completeness: ${complete}/${totals.length} queries got 10 of 10 results and 40 of 40 vector rows; `
      + `tiny course (5 chunks) got ${tinyResult.retrievalStats.selected.length}/5`);
  } finally {
    await handle.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
