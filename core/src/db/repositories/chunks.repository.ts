import { type Kysely, sql } from 'kysely';
import type { Chunk } from '../../domain/ingestion/types.js';
import type { Database } from '../schema.js';

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
  await sql.raw(`CREATE INDEX IF NOT EXISTS ${indexName} ON chunk_embeddings
    USING hnsw ((embedding::vector(${dimensions})) vector_cosine_ops) WHERE model = '${literal}'`).execute(db);
  await db.insertInto('embedding_models').values({ model, dims: dimensions, index_name: indexName })
    .onConflict((oc) => oc.column('model').doNothing()).execute();
}

/** Headings that frame a section rather than name a subject: their chunks belong to the enclosing topic. */
const GENERIC_HEADING = /^(learning objectives?|objectives?|overview|introduction|summary|key (terms|points|takeaways)|review( questions)?|critical thinking questions|personal application questions|references|further reading|exercises?|glossary|keypoints)$/i;

/**
 * Chooses the topic level: the shallowest heading level at which the document has two or more distinct
 * subject headings (a document's single title is not a topic; "Learning Objectives" or "Summary" never are —
 * such chunks join the document-level topic); a document without such structure is one topic.
 */
function topicTitleFor(chunks: Chunk[], documentTitle: string): (chunk: Chunk) => string {
  const maxDepth = Math.max(0, ...chunks.map((c) => c.headingPath.length));
  const subject = (heading: string | undefined) => (heading && !GENERIC_HEADING.test(heading.trim()) ? heading : undefined);
  for (let depth = 0; depth < maxDepth; depth += 1) {
    const distinct = new Set(chunks.map((c) => subject(c.headingPath[depth])).filter((h): h is string => Boolean(h)));
    if (distinct.size >= 2) {
      return (chunk) => subject(chunk.headingPath[depth]) ?? subject(chunk.headingPath[depth - 1]) ?? documentTitle;
    }
  }
  return () => documentTitle;
}

/**
 * Replaces a document's chunks, embeddings and topics in one transaction: re-running ingestion never
 * duplicates, and a failure leaves the previous index in place. Returns the number of chunks written.
 *
 * @example
 * await replaceDocumentChunks(db, { tenantId, courseId, documentId, documentTitle, chunks, embeddings, model, dimensions });
 */
export async function replaceDocumentChunks(db: Kysely<Database>, input: ReplaceChunksInput): Promise<number> {
  if (input.embeddings.length !== input.chunks.length) {
    throw new Error(`replaceDocumentChunks: ${input.chunks.length} chunks but ${input.embeddings.length} embeddings`);
  }
  const topicOf = topicTitleFor(input.chunks, input.documentTitle);
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('chunks').where('document_id', '=', input.documentId).execute();
    await trx.deleteFrom('topics').where('document_id', '=', input.documentId).execute();

    const topicIds = new Map<string, string>();
    for (const chunk of input.chunks) {
      const title = topicOf(chunk);
      if (topicIds.has(title)) continue;
      const row = await trx.insertInto('topics')
        .values({ tenant_id: input.tenantId, course_id: input.courseId, document_id: input.documentId, title, position: topicIds.size })
        .returning('id').executeTakeFirstOrThrow();
      topicIds.set(title, row.id);
    }

    const BATCH = 200;
    for (let start = 0; start < input.chunks.length; start += BATCH) {
      const batch = input.chunks.slice(start, start + BATCH);
      const rows = await trx.insertInto('chunks').values(batch.map((chunk) => ({
        tenant_id: input.tenantId,
        course_id: input.courseId,
        document_id: input.documentId,
        topic_id: topicIds.get(topicOf(chunk)) ?? null,
        chunk_index: chunk.index,
        content: chunk.content,
        heading_path: chunk.headingPath,
        heading: chunk.headingPath.join(' › '),
        page: chunk.page ?? null,
        slide: chunk.slide ?? null,
        char_start: chunk.charStart,
        char_end: chunk.charEnd,
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

    await trx.updateTable('documents').set({
      chunk_count: input.chunks.length,
      embedding_model: input.model,
      indexed_at: new Date(),
      updated_at: new Date(),
    }).where('id', '=', input.documentId).execute();
    return input.chunks.length;
  });
}

