/**
 * Loading and indexing an evaluation pack (data/eval/<pack>) for scripts/eval.ts: documents.jsonl
 * becomes one course, each paragraph a block, chunked by the product's chunker, embedded by the
 * configured provider and written with the product's replaceDocumentChunks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { chunkDocument, normalisedText } from '../core/src/domain/ingestion/chunk-document.js';
import type { ParsedDocument } from '../core/src/domain/ingestion/types.js';
import { seededRandom, shuffled } from '../core/src/domain/quiz/text.js';
import { ensureEmbeddingIndex, replaceDocumentChunks } from '../core/src/domain/ingestion/chunks.repository.js';
import type { Database } from '../core/src/db/schema.js';
import type { EmbeddingsProvider } from '../core/src/providers/embeddings/embeddings.port.js';

export interface PackDocument { id: string; title: string; text: string }
export interface PackQuestion { id: string; question: string; doc_id: string; paragraph_index: number; evidence_start: number; evidence: string; answers?: string[]; is_impossible?: boolean }
export interface Pack { name: string; documents: PackDocument[]; questions: PackQuestion[]; controls: PackQuestion[] }

/** A gold span in the normalised text the chunk offsets refer to. */
export interface GoldSpan { documentId: string; start: number; end: number }

const readJsonl = <T>(file: string): T[] => readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);

/** Reads a pack folder; `controls_answerable.jsonl` is optional (refusal packs have it). */
export function readPack(dir: string): Pack {
  const controlsFile = join(dir, 'controls_answerable.jsonl');
  return {
    name: dir.replace(/\/$/, '').split('/').at(-1) ?? dir,
    documents: readJsonl<PackDocument>(join(dir, 'documents.jsonl')),
    questions: readJsonl<PackQuestion>(join(dir, 'questions.jsonl')),
    controls: existsSync(controlsFile) ? readJsonl<PackQuestion>(controlsFile) : [],
  };
}

/** Paragraphs (joined by blank lines in the pack) become paragraph blocks, so chunks never cross the title. */
export function toParsedDocument(doc: PackDocument): ParsedDocument {
  return { format: 'text', title: doc.title, blocks: doc.text.split(/\n\s*\n/).map((text) => ({ kind: 'paragraph' as const, text })) };
}

export interface IndexedPack {
  tenantId: string;
  courseId: string;
  /** pack doc id → database document id */
  documentIds: Map<string, string>;
  /** pack doc id → [start, end) of each paragraph in the normalised text */
  paragraphSpans: Map<string, [number, number][]>;
  /** chunk id → its span */
  chunkSpans: Map<string, GoldSpan>;
  chunkCount: number;
  indexMs: number;
}

/**
 * Creates a tenant and course and indexes every document of the pack into it (or only `onlyDocuments`, for
 * the off-course check: one part of the pack's articles is the course, the others' questions are off-course).
 */
export async function indexPack(db: Kysely<Database>, pack: Pack, embeddings: EmbeddingsProvider, chunking: { size: number; overlap: number }, onlyDocuments?: ReadonlySet<string>): Promise<IndexedPack> {
  const started = performance.now();
  await ensureEmbeddingIndex(db, embeddings.model, embeddings.dimensions);
  const suffix = onlyDocuments ? `-${[...onlyDocuments].join('-')}` : '';
  const slug = `eval-${pack.name}${suffix}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 60);
  const tenant = await db.insertInto('tenants').values({ name: `Eval ${pack.name}`, slug }).returning('id').executeTakeFirstOrThrow();
  const course = await db.insertInto('courses').values({ tenant_id: tenant.id, title: `Eval: ${pack.name}` }).returning('id').executeTakeFirstOrThrow();
  const documentIds = new Map<string, string>();
  const paragraphSpans = new Map<string, [number, number][]>();
  let chunkCount = 0;
  for (const doc of pack.documents.filter((d) => !onlyDocuments || onlyDocuments.has(d.id))) {
    const parsed = toParsedDocument(doc);
    const text = normalisedText(parsed);
    const spans: [number, number][] = [];
    let offset = 0;
    for (const paragraph of text.split('\n\n')) {
      spans.push([offset, offset + paragraph.length]);
      offset += paragraph.length + 2;
    }
    paragraphSpans.set(doc.id, spans);
    const row = await db.insertInto('documents').values({
      tenant_id: tenant.id, course_id: course.id, title: doc.title, format: 'text', media_type: 'text/plain', byte_size: Buffer.byteLength(doc.text),
    }).returning('id').executeTakeFirstOrThrow();
    documentIds.set(doc.id, row.id);
    const chunks = chunkDocument(parsed, chunking);
    const vectors = await embeddings.embed(chunks.map((c) => c.content), 'document');
    chunkCount += await replaceDocumentChunks(db, {
      tenantId: tenant.id, courseId: course.id, documentId: row.id, documentTitle: doc.title, chunks, embeddings: vectors,
      model: embeddings.model, dimensions: embeddings.dimensions,
    });
  }
  const rows = await db.selectFrom('chunks').select(['id', 'document_id', 'char_start', 'char_end']).where('course_id', '=', course.id).execute();
  const chunkSpans = new Map(rows.map((r) => [r.id, { documentId: r.document_id, start: r.char_start, end: r.char_end }]));
  return { tenantId: tenant.id, courseId: course.id, documentIds, paragraphSpans, chunkSpans, chunkCount, indexMs: performance.now() - started };
}

/** The gold evidence of a question as a span of the normalised text (its paragraph). */
export function goldSpanOf(indexed: IndexedPack, question: PackQuestion): GoldSpan | undefined {
  const documentId = indexed.documentIds.get(question.doc_id);
  const span = indexed.paragraphSpans.get(question.doc_id)?.[question.paragraph_index];
  return documentId && span ? { documentId, start: span[0], end: span[1] } : undefined;
}

/** Seeded shuffle (core's mulberry32 `seededRandom`), so `--sample N` picks the same questions every run. */
export function seededSample<T>(items: T[], count: number, seed = 20_241_122): T[] {
  return shuffled(items, seededRandom(seed)).slice(0, Math.min(count, items.length));
}
