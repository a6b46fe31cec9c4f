import type { LegHit } from './qa.ports.js';
import { contentTerms } from './text-analysis.js';

/** A chunk after fusion: its RRF score and its 1-based rank in each leg (undefined when a leg missed it). */
export interface FusedHit { chunkId: string; score: number; ranks: (number | undefined)[] }

/**
 * Reciprocal rank fusion: score = Σ 1 / (k + rank) over the lists a chunk appears in. Scale-free, so a
 * cosine and a `ts_rank_cd` can be combined without calibrating one against the other.
 *
 * @example
 * reciprocalRankFusion([[{ chunkId: 'a', score: 0.9 }], [{ chunkId: 'a', score: 3 }]])[0] // { chunkId: 'a', score: 2/61, ranks: [1, 1] }
 */
export function reciprocalRankFusion(lists: LegHit[][], k = 60): FusedHit[] {
  const fused = new Map<string, FusedHit>();
  lists.forEach((list, legIndex) => {
    list.forEach((hit, position) => {
      const entry = fused.get(hit.chunkId) ?? { chunkId: hit.chunkId, score: 0, ranks: lists.map(() => undefined) };
      entry.score += 1 / (k + position + 1);
      entry.ranks[legIndex] = position + 1;
      fused.set(hit.chunkId, entry);
    });
  });
  return [...fused.values()].sort((a, b) => b.score - a.score || a.chunkId.localeCompare(b.chunkId));
}

/** What the reranker needs of each candidate. */
export interface RerankInput {
  chunkId: string;
  text: string;
  vectorSimilarity: number;
  /** `contentTerms(text)` when already known (stored at ingest); computed from `text` otherwise. */
  terms?: readonly string[];
}

/** A reranked candidate with the parts of its score (shown in debug stats). */
export interface RerankedHit {
  chunkId: string;
  /** Final hybrid score in [0, 1] used for ordering. */
  score: number;
  vectorSimilarity: number;
  /** BM25 over the candidate pool, divided by the pool's best. */
  lexical: number;
  /** IDF-weighted share of the question's distinct terms the chunk contains, in [0, 1]. */
  coverage: number;
}

/** Weights of the hybrid rerank score. */
export interface RerankWeights { vector: number; lexical: number; coverage: number }

/** Measured on the SQuAD packs (docs/qa-evaluation.md). */
export const DEFAULT_RERANK_WEIGHTS: RerankWeights = { vector: 0.4, lexical: 0.4, coverage: 0.2 };

/**
 * Reranks candidates by a hybrid of vector similarity and BM25-style term overlap (k1 = 1.2, b = 0.75,
 * IDF over the candidate pool), plus the IDF-weighted share of question terms covered.
 *
 * @example
 * const ranked = hybridRerank('Who invented the AC motor?', candidates);
 */
export function hybridRerank(question: string, candidates: RerankInput[], weights: RerankWeights = DEFAULT_RERANK_WEIGHTS): RerankedHit[] {
  const queryTerms = [...new Set(contentTerms(question))];
  const docs = candidates.map((c) => {
    const tf = new Map<string, number>();
    const terms = c.terms ?? contentTerms(c.text);
    for (const term of terms) tf.set(term, (tf.get(term) ?? 0) + 1);
    return { tf, length: terms.length };
  });
  const pool = Math.max(1, docs.length);
  const avgLength = docs.reduce((sum, d) => sum + d.length, 0) / pool || 1;
  const idf = new Map(queryTerms.map((term) => {
    const df = docs.filter((d) => d.tf.has(term)).length;
    return [term, Math.log(1 + (pool - df + 0.5) / (df + 0.5))];
  }));
  const idfTotal = [...idf.values()].reduce((a, b) => a + b, 0);
  const k1 = 1.2;
  const b = 0.75;
  const raw = docs.map((d) => {
    let bm25 = 0;
    let covered = 0;
    for (const term of queryTerms) {
      const tf = d.tf.get(term) ?? 0;
      if (tf === 0) continue;
      const w = idf.get(term) ?? 0;
      bm25 += w * ((tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * d.length) / avgLength)));
      covered += w;
    }
    return { bm25, coverage: idfTotal > 0 ? covered / idfTotal : 0 };
  });
  const bestBm25 = Math.max(0, ...raw.map((r) => r.bm25));
  return candidates.map((c, i) => {
    const lexical = bestBm25 > 0 ? (raw[i]?.bm25 ?? 0) / bestBm25 : 0;
    const coverage = raw[i]?.coverage ?? 0;
    const score = weights.vector * c.vectorSimilarity + weights.lexical * lexical + weights.coverage * coverage;
    return { chunkId: c.chunkId, score, vectorSimilarity: c.vectorSimilarity, lexical, coverage };
  }).sort((x, y) => y.score - x.score || x.chunkId.localeCompare(y.chunkId));
}
