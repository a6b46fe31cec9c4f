import { type Kysely, sql } from 'kysely';
import type { Chunk } from './types.js';
import { assignTopics } from './topics.js';
import { contentTerms } from '../qa/text-analysis.js';
import type { Database } from '../../db/schema.js';

export interface ReplaceChunksInput {
  tenantId: string;
  courseId: string;
  documentId: string;
  documentTitle: string;
  chunks: Chunk[];
  /** One vector per chunk, same order. */
  embeddings: number[][];
  model: string;
  dimensions: number;
}

/** Name of the per-model partial HNSW index (model names may hold characters an identifier cannot). */
export function embeddingIndexName(model: string): string {
  return `chunk_embeddings_hnsw_${model.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 40)}`;
}

/**
 * Creates, once per model, a partial expression HNSW index over that model's vectors cast to its
 * dimension, and records the model. Idempotent; safe to call at every start-up.
 */
export async function ensureEmbeddingIndex(db: Kysely<Database>, model: string, dimensions: number): Promise<void> {
  const known = await db.selectFrom('embedding_models').select(['dims']).where('model', '=', model).executeTakeFirst();
  if (known && known.dims !== dimensions) {
    throw new Error(`Embedding model "${model}" is recorded with ${known.dims} dimensions, configured with ${dimensions}`);
  }
  if (known) return;
  const indexName = embeddingIndexName(model);
  const literal = model.replace(/'/g, "''");
  // The server and every worker call this at start-up, often at the same moment: two concurrent
  // CREATE INDEX IF NOT EXISTS of one name collide in pg_class (23505). One at a time, under a lock.
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${EMBEDDING_INDEX_LOCK_KEY})`.execute(trx);
    // Only the vectors of courses searched through the index are in it (`in_hnsw`, migration 0140).
    await sql.raw(`CREATE INDEX IF NOT EXISTS ${indexName} ON chunk_embeddings
      USING hnsw ((embedding::vector(${dimensions})) vector_cosine_ops) WHERE model = '${literal}' AND in_hnsw`).execute(trx);
    await trx.insertInto('embedding_models').values({ model, dims: dimensions, index_name: indexName })
      .onConflict((oc) => oc.column('model').doNothing()).execute();
  });
}

/** Advisory lock key serialising `ensureEmbeddingIndex` across processes (any constant unique to this use). */
const EMBEDDING_INDEX_LOCK_KEY = 7_301_020_301;

/**
 * Courses with at most this many vectors for a model are searched by exact scan, complete and, at this size, about
 * as fast as an HNSW search (docs/query-cost.md); larger ones through the model's HNSW index. Vectors enter the
 * index only once their course passes this size ({@link syncCourseVectorIndex}), so small courses never pay for HNSW
 * maintenance on insert. Migration 0140 uses the same number for existing courses.
 */
export const EXACT_SCAN_MAX_VECTORS = 5_000;

/**
 * Vectors moved into the HNSW index per statement when a course is promoted. Each is a graph insert (~2 ms on
 * PGlite, several on a loaded Postgres): 100 keep a statement to a fraction of a second, so on the embedded PGlite
 * other requests get the single connection between them.
 */
const PROMOTE_BATCH = 100;
/** First key of the advisory lock serialising a course's promotion sweeps (the second is the course id's hash). */
const PROMOTE_LOCK_KEY = 7_302;

/**
 * Keeps a course's membership of the model's HNSW index right after its vectors changed: a course past
 * `exactScanMaxVectors` is promoted — its vectors are moved into the index in short statements (yielding between
 * them, so other requests get the connection), then the course is marked as searched through the index, then the
 * vectors written meanwhile are moved too. Vectors inserted into a marked course enter the index at insert (trigger,
 * migration 0140); the final sweep catches those written by an ingestion that read the mark just before it was set.
 * For a course within the exact-scan size this is one primary-key read. Returns how the course is searched.
 *
 * @example
 * await syncCourseVectorIndex(db, { tenantId, courseId, model }); // 'exact' | 'hnsw'
 */
export async function syncCourseVectorIndex(
  db: Kysely<Database>,
  course: { tenantId: string; courseId: string; model: string },
  exactScanMaxVectors: number = EXACT_SCAN_MAX_VECTORS,
): Promise<'exact' | 'hnsw'> {
  const stats = await db.selectFrom('course_vector_counts').select(['vectors', 'hnsw'])
    .where('course_id', '=', course.courseId).where('model', '=', course.model).executeTakeFirst();
  if (!stats || (!stats.hnsw && Number(stats.vectors) <= exactScanMaxVectors)) return 'exact';
  const sweep = async () => {
    for (;;) {
      // Two ingestions finishing at once both sweep the course: one batch at a time per course, so their row
      // locks never cross (a deadlock would fail an ingestion whose chunks are already written).
      const moved = await db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${PROMOTE_LOCK_KEY}, hashtext(${course.courseId}))`.execute(trx);
        return sql`
          update chunk_embeddings set in_hnsw = true
          where (chunk_id, model) in (
            select chunk_id, model from chunk_embeddings
            where course_id = ${course.courseId} and model = ${course.model} and not in_hnsw
            limit ${PROMOTE_BATCH})
          returning chunk_id`.execute(trx);
      });
      if (moved.rows.length < PROMOTE_BATCH) return;
      await new Promise<void>((resolve) => { setImmediate(resolve); });
    }
  };
  await sweep();
  if (!stats.hnsw) {
    await db.updateTable('course_vector_counts').set({ hnsw: true })
      .where('course_id', '=', course.courseId).where('model', '=', course.model).execute();
    await sweep();
  }
  return 'hnsw';
}

/** Chunks written per transaction on a document's first index: short enough that other requests interleave. */
const FIRST_INDEX_BATCH = 50;
/** Chunks written per statement when re-indexing (one transaction). */
const REINDEX_BATCH = 200;

/**
 * Writes a document's chunks, embeddings and topics; re-running ingestion never duplicates. Returns the number of
 * chunks written.
 * - **Re-index** (the document has chunks), or a document of at most {@link FIRST_INDEX_BATCH} chunks: one transaction
 *   replaces them, so readers see the old index or the new one, and a failure leaves the previous index in place.
 * - **First index** (no chunks yet, the usual upload): there is nothing to keep, so the chunks are written in short
 *   transactions of {@link FIRST_INDEX_BATCH}, yielding between them. A large file then never holds the database
 *   for seconds (on the embedded PGlite, one connection serves every request: /health and learners' questions wait
 *   behind a long transaction). Readers may see the document's chunks appear while it is indexing; a failure
 *   removes the ones written (and the document's topics).
 *
 * @example
 * await replaceDocumentChunks(db, { tenantId, courseId, documentId, documentTitle, chunks, embeddings, model, dimensions });
 */
export async function replaceDocumentChunks(db: Kysely<Database>, input: ReplaceChunksInput): Promise<number> {
  if (input.embeddings.length !== input.chunks.length) {
    throw new Error(`replaceDocumentChunks: ${input.chunks.length} chunks but ${input.embeddings.length} embeddings`);
  }
  const topicTitles = assignTopics(input.chunks, input.documentTitle);
  const distinctTitles = [...new Set(topicTitles)];
  const hasIndex = await db.selectFrom('chunks').select('id').where('document_id', '=', input.documentId).limit(1).executeTakeFirst();
  if (hasIndex || input.chunks.length <= FIRST_INDEX_BATCH) {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('chunks').where('document_id', '=', input.documentId).execute();
      const topicIds = await syncDocumentTopics(trx, input, distinctTitles);
      for (let start = 0; start < input.chunks.length; start += REINDEX_BATCH) {
        await insertChunkBatch(trx, input, topicIds, topicTitles, start, REINDEX_BATCH);
      }
      await markIndexed(trx, input);
    });
    await syncCourseVectorIndex(db, input);
    return input.chunks.length;
  }
  const topicIds = await db.transaction().execute((trx) => syncDocumentTopics(trx, input, distinctTitles));
  try {
    for (let start = 0; start < input.chunks.length; start += FIRST_INDEX_BATCH) {
      await db.transaction().execute((trx) => insertChunkBatch(trx, input, topicIds, topicTitles, start, FIRST_INDEX_BATCH));
      // Let requests queued for the connection (and the event loop) go first.
      await new Promise<void>((resolve) => { setImmediate(resolve); });
    }
    await markIndexed(db, input);
  } catch (error) {
    // Nothing half-written stays behind; the job reports the error (and a retry starts from no chunks again).
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('chunks').where('document_id', '=', input.documentId).execute();
      await trx.deleteFrom('topics').where('document_id', '=', input.documentId).execute();
    }).catch(() => undefined);
    throw error;
  }
  await syncCourseVectorIndex(db, input);
  return input.chunks.length;
}

/** Inserts chunks [start, start + size) and their embeddings. */
async function insertChunkBatch(
  trx: Kysely<Database>, input: ReplaceChunksInput, topicIds: Map<string, string>, topicTitles: readonly string[], start: number, size: number,
): Promise<void> {
  const batch = input.chunks.slice(start, start + size);
  const rows = await trx.insertInto('chunks').values(batch.map((chunk, i) => ({
    tenant_id: input.tenantId,
    course_id: input.courseId,
    document_id: input.documentId,
    topic_id: topicIds.get(topicTitles[start + i]!) ?? null,
    chunk_index: chunk.index,
    content: chunk.content,
    heading_path: chunk.headingPath,
    heading: chunk.headingPath.join(' › '),
    page: chunk.page ?? null,
    slide: chunk.slide ?? null,
    char_start: chunk.charStart,
    char_end: chunk.charEnd,
    // Tokenised and stemmed once here; the reranker reads them instead of re-tokenising per question.
    terms: chunkTerms(chunk.headingPath.join(' › '), chunk.content),
  }))).returning(['id', 'chunk_index']).execute();
  const idByIndex = new Map(rows.map((r) => [r.chunk_index, r.id]));
  await trx.insertInto('chunk_embeddings').values(batch.map((chunk, i) => ({
    chunk_id: idByIndex.get(chunk.index) as string,
    model: input.model,
    tenant_id: input.tenantId,
    course_id: input.courseId,
    dims: input.dimensions,
    embedding: `[${(input.embeddings[start + i] ?? []).join(',')}]`,
  }))).execute();
}

async function markIndexed(db: Kysely<Database>, input: ReplaceChunksInput): Promise<void> {
  await db.updateTable('documents').set({
    chunk_count: input.chunks.length,
    embedding_model: input.model,
    indexed_at: new Date(),
    updated_at: new Date(),
  }).where('id', '=', input.documentId).execute();
}

/**
 * The terms stored with a chunk: the content terms of its heading and content, exactly what the reranker
 * would compute from `${heading}\n${content}`.
 *
 * @example
 * chunkTerms('Unit 1', 'Tesla invented the AC motor.') // ['unit', '1', 'tesla', 'invent', 'ac', 'motor']
 */
export function chunkTerms(heading: string, content: string): string[] {
  return contentTerms(`${heading}\n${content}`);
}

/**
 * Makes the document's topic rows match `titles` (in order) and returns title → id. A topic that keeps its
 * title keeps its id, so re-indexing a file leaves learners' per-topic mastery and quiz history attached;
 * only topics whose section is gone are deleted.
 */
async function syncDocumentTopics(
  trx: Kysely<Database>, input: ReplaceChunksInput, titles: readonly string[],
): Promise<Map<string, string>> {
  const existing = await trx.selectFrom('topics').select(['id', 'title']).where('document_id', '=', input.documentId).execute();
  const ids = new Map<string, string>();
  for (const row of existing) if (!ids.has(row.title)) ids.set(row.title, row.id);
  const keep = new Set<string>();
  for (const [position, title] of titles.entries()) {
    const id = ids.get(title);
    if (id) {
      await trx.updateTable('topics').set({ position }).where('id', '=', id).execute();
    } else {
      const row = await trx.insertInto('topics')
        .values({ tenant_id: input.tenantId, course_id: input.courseId, document_id: input.documentId, title, position })
        .returning('id').executeTakeFirstOrThrow();
      ids.set(title, row.id);
    }
    keep.add(ids.get(title)!);
  }
  const stale = existing.map((r) => r.id).filter((id) => !keep.has(id));
  if (stale.length > 0) await trx.deleteFrom('topics').where('id', 'in', stale).execute();
  return new Map(titles.map((title) => [title, ids.get(title)!]));
}
