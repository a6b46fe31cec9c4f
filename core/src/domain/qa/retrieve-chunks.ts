import type { EmbeddingsProvider } from '../../providers/embeddings/embeddings.port.js';
import type { CandidateChunk, CourseScope, LegHit, RetrievalStore, VectorScanStrategy } from './qa.ports.js';
import { DEFAULT_RERANK_WEIGHTS, hybridRerank, reciprocalRankFusion, type RerankedHit, type RerankWeights } from './rank-fusion.js';

/** Which first stage to use: both legs fused and reranked (the product), or one leg alone (for the eval). */
export const RETRIEVAL_MODES = ['hybrid', 'vector', 'lexical'] as const;
export type RetrievalMode = (typeof RETRIEVAL_MODES)[number];

/** Input of one retrieval. */
export interface RetrieveInput extends CourseScope {
  question: string;
  /** Rows per first-stage leg. @defaultValue 40 */
  topN?: number;
  /** Chunks returned after rerank. @defaultValue 10 */
  topK?: number;
  mode?: RetrievalMode;
  weights?: RerankWeights;
}

/** A retrieved chunk: the candidate plus its rerank parts. */
export interface RankedChunk extends CandidateChunk { score: number; lexical: number; coverage: number }

/**
 * Where a chunk sits, as a reader names it: the document's title, then the heading path ("Psychology › 6.4 Modeling").
 *
 * @example
 * sectionPathOf({ documentTitle: 'Psychology', heading: '6.4 Modeling' }) // 'Psychology › 6.4 Modeling'
 */
export function sectionPathOf(chunk: Pick<CandidateChunk, 'documentTitle' | 'heading'>): string {
  return chunk.heading ? `${chunk.documentTitle} › ${chunk.heading}` : chunk.documentTitle;
}

/** What instructors see with `debug: true`, and what is stored with every answer. */
export interface RetrievalStats {
  mode: RetrievalMode;
  topN: number;
  topK: number;
  vectorStrategy: VectorScanStrategy | null;
  courseVectorCount: number | null;
  legs: { vector: LegHit[]; lexical: LegHit[] };
  fused: { chunkId: string; score: number }[];
  reranked: { chunkId: string; score: number; vectorSimilarity: number; lexical: number; coverage: number }[];
  selected: string[];
  latencyMs: Record<string, number>;
}

/** The ports retrieval uses. */
export interface RetrieveDeps { retrieval: RetrievalStore; embeddings: EmbeddingsProvider }

const round = (value: number) => Math.round(value * 10_000) / 10_000;

async function timed<T>(latency: Record<string, number>, stage: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    latency[stage] = round(performance.now() - started);
  }
}

/**
 * Course-scoped hybrid retrieval: embeds the question, runs the vector and lexical legs in parallel
 * (each top-N within the tenant and course), fuses them by reciprocal rank, and reranks the union by
 * a hybrid of vector similarity and BM25-style term overlap to the top K. Always returns
 * min(topK, chunks of the course with vectors) chunks: the vector leg alone guarantees that many.
 *
 * @example
 * const { chunks, stats } = await retrieveChunks({ retrieval, embeddings }, { tenantId, courseId, question: 'What is a schedule of reinforcement?' });
 */
export async function retrieveChunks(deps: RetrieveDeps, input: RetrieveInput): Promise<{ chunks: RankedChunk[]; stats: RetrievalStats }> {
  const mode = input.mode ?? 'hybrid';
  const topK = input.topK ?? 10;
  const topN = Math.max(input.topN ?? 40, topK);
  const latency: Record<string, number> = {};
  const started = performance.now();
  const scope = { tenantId: input.tenantId, courseId: input.courseId };

  const [vector] = await timed(latency, 'embed', () => deps.embeddings.embed([input.question], 'query'));
  if (!vector) throw new Error('Embeddings provider returned no vector for the question');

  const [vectorLeg, lexicalHits] = await Promise.all([
    mode === 'lexical' ? Promise.resolve(undefined)
      : timed(latency, 'vector', () => deps.retrieval.vectorSearch({ ...scope, model: deps.embeddings.model, dimensions: deps.embeddings.dimensions, vector, limit: topN })),
    mode === 'vector' ? Promise.resolve([] as LegHit[])
      : timed(latency, 'lexical', () => deps.retrieval.lexicalSearch({ ...scope, text: input.question, limit: topN })),
  ]);
  const vectorHits = vectorLeg?.hits ?? [];

  const fusionStart = performance.now();
  const fused = reciprocalRankFusion([vectorHits, lexicalHits]);
  latency.fusion = round(performance.now() - fusionStart);

  const candidates = await timed(latency, 'load', () => deps.retrieval.loadCandidates({ ...scope, chunkIds: fused.map((f) => f.chunkId), model: deps.embeddings.model, vector }));
  const byId = new Map(candidates.map((c) => [c.chunkId, c]));

  const rerankStart = performance.now();
  const reranked: RerankedHit[] = hybridRerank(input.question, candidates.map((c) => ({ chunkId: c.chunkId, text: `${c.heading}\n${c.content}`, vectorSimilarity: c.vectorSimilarity, ...(c.terms ? { terms: c.terms } : {}) })), input.weights ?? DEFAULT_RERANK_WEIGHTS);
  // A single leg keeps its own order (that is what "the leg alone" means); hybrid uses the rerank.
  const partsById = new Map(reranked.map((r) => [r.chunkId, r]));
  const order = mode === 'hybrid' ? reranked.map((r) => r.chunkId) : fused.map((f) => f.chunkId);
  const chunks: RankedChunk[] = order.filter((id) => byId.has(id)).slice(0, topK).map((id) => {
    const parts = partsById.get(id);
    return { ...(byId.get(id) as CandidateChunk), score: parts?.score ?? 0, lexical: parts?.lexical ?? 0, coverage: parts?.coverage ?? 0 };
  });
  latency.rerank = round(performance.now() - rerankStart);
  latency.retrieval_total = round(performance.now() - started);

  const stats: RetrievalStats = {
    mode, topN, topK,
    vectorStrategy: vectorLeg?.strategy ?? null,
    courseVectorCount: vectorLeg?.courseVectorCount ?? null,
    legs: { vector: vectorHits.map((h) => ({ chunkId: h.chunkId, score: round(h.score) })), lexical: lexicalHits.map((h) => ({ chunkId: h.chunkId, score: round(h.score) })) },
    fused: fused.map((f) => ({ chunkId: f.chunkId, score: round(f.score) })),
    reranked: reranked.map((r) => ({ chunkId: r.chunkId, score: round(r.score), vectorSimilarity: round(r.vectorSimilarity), lexical: round(r.lexical), coverage: round(r.coverage) })),
    selected: chunks.map((c) => c.chunkId),
    latencyMs: latency,
  };
  return { chunks, stats };
}
