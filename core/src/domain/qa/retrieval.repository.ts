import { type Kysely, sql } from 'kysely';
import type { CandidateChunk, CourseScope, LegHit, RetrievalStore, VectorLegResult } from './qa.ports.js';
import type { Database } from '../../db/schema.js';
import { EXACT_SCAN_MAX_VECTORS } from '../ingestion/chunks.repository.js';

/** Tuning of the retrieval repository. */
export interface RetrievalRepositoryOptions {
  /**
   * Courses with at most this many vectors for the model are searched by exact scan (b-tree filter on
   * tenant, course, model, then an exact cosine sort): complete and fast at this size. Larger courses whose
   * vectors are in the HNSW index (promoted by `syncCourseVectorIndex` with the same size, migration 0140) use it
   * with `hnsw.iterative_scan = relaxed_order`, with an exact-scan fallback if it still returns too few rows.
   * @defaultValue EXACT_SCAN_MAX_VECTORS (5,000)
   */
  exactScanMaxRows?: number;
  /**
   * The lexical leg never ranks more than about this many chunks per question, whatever the course size: it
   * ranks the chunks holding the question's rarest terms (course document frequencies kept at ingest) plus
   * the chunks holding all of its terms, each set cut at this many rows. @defaultValue 500
   */
  lexicalCandidateCap?: number;
}

const vectorLiteral = (vector: number[]) => `[${vector.join(',')}]`;

function checkDimensions(dimensions: number, vector: number[]): void {
  if (!Number.isInteger(dimensions) || dimensions <= 0 || dimensions > 16_000) throw new Error(`Invalid vector dimension ${dimensions}`);
  if (vector.length !== dimensions) throw new Error(`Query vector has ${vector.length} dimensions, the model has ${dimensions}`);
}

async function exactScan(db: Kysely<Database>, input: CourseScope & { model: string; vector: number[]; limit: number }): Promise<LegHit[]> {
  // `embedding <=> q` (no cast) matches no index expression, so this is always the b-tree filter + exact sort.
  const q = vectorLiteral(input.vector);
  const rows = await sql<{ chunk_id: string; score: number }>`
    select chunk_id, 1 - (embedding <=> ${q}::vector) as score
    from chunk_embeddings
    where tenant_id = ${input.tenantId} and course_id = ${input.courseId} and model = ${input.model}
    order by embedding <=> ${q}::vector, chunk_id
    limit ${input.limit}`.execute(db);
  return rows.rows.map((r) => ({ chunkId: r.chunk_id, score: Number(r.score) }));
}

async function iterativeHnswScan(db: Kysely<Database>, input: CourseScope & { model: string; dimensions: number; vector: number[]; limit: number }): Promise<LegHit[]> {
  const q = vectorLiteral(input.vector);
  const dims = sql.raw(String(input.dimensions));
  // The partial index's predicate is `model = '<literal>' AND in_hnsw`: both must appear in the query for the planner to use it.
  const model = sql.lit(input.model);
  const efSearch = Math.min(1000, Math.max(40, input.limit * 2));
  const rows = await db.transaction().execute(async (trx) => {
    await sql`set local hnsw.iterative_scan = relaxed_order`.execute(trx);
    await sql.raw(`set local hnsw.ef_search = ${efSearch}`).execute(trx);
    return sql<{ chunk_id: string; score: number }>`
      select chunk_id, 1 - (embedding::vector(${dims}) <=> ${q}::vector(${dims})) as score
      from chunk_embeddings
      where model = ${model} and in_hnsw and tenant_id = ${input.tenantId} and course_id = ${input.courseId}
      order by embedding::vector(${dims}) <=> ${q}::vector(${dims})
      limit ${input.limit}`.execute(trx);
  });
  // relaxed_order may return neighbours slightly out of order: sort them.
  return rows.rows.map((r) => ({ chunkId: r.chunk_id, score: Number(r.score) })).sort((a, b) => b.score - a.score);
}

/**
 * The vector leg: top `limit` chunks of one course by cosine similarity, always min(limit, vectors in
 * the course) rows. Small courses (and large ones not yet promoted into the index) get an exact scan; large
 * promoted ones the HNSW index with iterative scan, falling back to the exact scan when it still comes back short.
 *
 * @example
 * const { hits, strategy } = await vectorSearch(db, { tenantId, courseId, model, dimensions: 384, vector, limit: 40 });
 */
export async function vectorSearch(
  db: Kysely<Database>,
  input: CourseScope & { model: string; dimensions: number; vector: number[]; limit: number },
  options: RetrievalRepositoryOptions = {},
): Promise<VectorLegResult> {
  checkDimensions(input.dimensions, input.vector);
  // The course's vector count is kept by triggers at ingest and delete (migration 0120): one primary-key read.
  const counted = await db.selectFrom('course_vector_counts').select(['vectors', 'hnsw'])
    .where('course_id', '=', input.courseId).where('model', '=', input.model)
    .executeTakeFirst();
  const courseVectorCount = Number(counted?.vectors ?? 0);
  const expected = Math.min(input.limit, courseVectorCount);
  if (expected === 0) return { hits: [], strategy: 'exact', courseVectorCount };
  // A course not (yet) promoted into the index is searched exactly whatever its size: complete, only slower.
  if (courseVectorCount <= (options.exactScanMaxRows ?? EXACT_SCAN_MAX_VECTORS) || counted?.hnsw !== true) {
    return { hits: await exactScan(db, input), strategy: 'exact', courseVectorCount };
  }
  const hits = await iterativeHnswScan(db, input);
  if (hits.length >= expected) return { hits, strategy: 'iterative_hnsw', courseVectorCount };
  return { hits: await exactScan(db, input), strategy: 'iterative_hnsw_then_exact', courseVectorCount };
}

/** A lexeme as a tsquery operand (quoted; `'` doubled, `\\` escaped). */
const tsOperand = (lexeme: string) => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * The lexical leg: chunks of one course matching ANY of the question's terms (Postgres English stemming,
 * stop words dropped), ranked by `ts_rank_cd` with length normalisation. A question made only of stop words
 * (or only of words the course never uses) matches nothing.
 *
 * Its cost does not grow with the course: the question's lexemes are looked up in the course's document
 * frequencies (`course_lexemes`, kept at ingest), and only a bounded candidate set is ranked, through the GIN
 * index: the chunks holding the rarest terms (as many terms, rarest first, as fit in `candidateCap` chunks), plus
 * up to `candidateCap` chunks each holding all the terms and the two rarest, and up to `limit` holding the rarest term left
 * out. When a
 * question's terms are rare enough this is every match, exactly the ranking of an unbounded search; common
 * terms still count in the score of the chunks ranked.
 *
 * @example
 * const hits = await lexicalSearch(db, { tenantId, courseId, text: 'Who invented the AC motor?', limit: 40 });
 */
export async function lexicalSearch(db: Kysely<Database>, input: CourseScope & { text: string; limit: number }, candidateCap = 500): Promise<LegHit[]> {
  const terms = await sql<{ lexeme: string; chunks: number }>`
    select distinct t.lexeme, l.chunks
    from unnest(to_tsvector('english', ${input.text})) t
    join course_lexemes l on l.course_id = ${input.courseId} and l.lexeme = t.lexeme
    where l.chunks > 0`.execute(db);
  const byRarity = terms.rows.map((r) => ({ lexeme: r.lexeme, chunks: Number(r.chunks) }))
    .sort((a, b) => a.chunks - b.chunks || a.lexeme.localeCompare(b.lexeme));
  if (byRarity.length === 0) return [];
  const rare: string[] = [];
  let covered = 0;
  for (const term of byRarity) {
    if (rare.length > 0 && covered + term.chunks > candidateCap) break;
    rare.push(term.lexeme);
    covered += term.chunks;
  }
  const anyTerm = byRarity.map((t) => tsOperand(t.lexeme)).join(' | ');
  const rareQuery = rare.map(tsOperand).join(' | ');
  const allQuery = byRarity.map((t) => tsOperand(t.lexeme)).join(' & ');
  const rarestTwo = byRarity.slice(0, 2).map((t) => tsOperand(t.lexeme)).join(' & ');
  // The rarest term left out of the rare set: up to `limit` of its chunks fill the leg when the rare terms match fewer
  // (an arbitrary subset of a common term's chunks, so no more than fills the leg: they must not crowd out the others).
  const nextTerm = byRarity[rare.length];
  // Every match fits in the rare set: the other sets add nothing.
  const everything = !nextTerm;
  const branch = (query: string, rows = candidateCap) => sql`(select id, ts_rank_cd(tsv, ${anyTerm}::tsquery, 1) as score from chunks
      where tenant_id = ${input.tenantId} and course_id = ${input.courseId} and tsv @@ ${query}::tsquery limit ${rows})`;
  const rows = await sql<{ id: string; score: number }>`
    select id, max(score) as score from (
      ${branch(rareQuery)}
      ${everything ? sql`` : sql`union all ${branch(allQuery)} union all ${branch(rarestTwo)} union all ${branch(tsOperand(nextTerm.lexeme), input.limit)}`}
    ) candidates
    group by id
    order by score desc, id
    limit ${input.limit}`.execute(db);
  return rows.rows.map((r) => ({ chunkId: r.id, score: Number(r.score) }));
}

/**
 * Loads the fused candidates with their document title and their cosine similarity to the question,
 * re-checking tenant and course (a chunk id from elsewhere is silently not returned).
 *
 * @example
 * const candidates = await loadCandidates(db, { tenantId, courseId, chunkIds, model, vector });
 */
export async function loadCandidates(
  db: Kysely<Database>,
  input: CourseScope & { chunkIds: string[]; model: string; vector: number[] },
): Promise<CandidateChunk[]> {
  if (input.chunkIds.length === 0) return [];
  const q = vectorLiteral(input.vector);
  const rows = await db.selectFrom('chunks as c')
    .innerJoin('documents as d', 'd.id', 'c.document_id')
    .leftJoin('chunk_embeddings as e', (join) => join.onRef('e.chunk_id', '=', 'c.id').on('e.model', '=', input.model))
    .select(['c.id', 'c.document_id', 'd.title', 'c.chunk_index', 'c.content', 'c.heading', 'c.page', 'c.slide', 'c.terms'])
    .select(sql<number | null>`1 - (e.embedding <=> ${q}::vector)`.as('similarity'))
    .where('c.tenant_id', '=', input.tenantId).where('c.course_id', '=', input.courseId)
    .where('d.tenant_id', '=', input.tenantId)
    .where('c.id', 'in', input.chunkIds)
    .execute();
  return rows.map((r) => ({
    chunkId: r.id, documentId: r.document_id, documentTitle: r.title, chunkIndex: r.chunk_index, content: r.content,
    heading: r.heading, page: r.page, slide: r.slide, vectorSimilarity: r.similarity === null ? 0 : Number(r.similarity),
    ...(r.terms ? { terms: r.terms } : {}),
  }));
}

/**
 * The RetrievalStore port over one database.
 *
 * @example
 * const store = createRetrievalRepository(db, { exactScanMaxRows: EXACT_SCAN_MAX_VECTORS });
 */
export function createRetrievalRepository(db: Kysely<Database>, options: RetrievalRepositoryOptions = {}): RetrievalStore {
  return {
    vectorSearch: (input) => vectorSearch(db, input, options),
    lexicalSearch: (input) => lexicalSearch(db, input, options.lexicalCandidateCap),
    loadCandidates: (input) => loadCandidates(db, input),
  };
}
