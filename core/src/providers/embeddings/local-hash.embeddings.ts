import { STOPWORDS, stem, tokenize } from '../../domain/qa/text-analysis.js';
import type { EmbeddingsProvider } from './embeddings.port.js';

/** Feature weights: whole words carry the meaning, bigrams the phrasing, char n-grams spelling variants. */
const WEIGHTS = { unigram: 1, bigram: 0.6, charGram: 0.25 } as const;

/** 32-bit FNV-1a; the seed gives a second, independent hash for the sign. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Feature → [occurrences, weight]. */
function features(text: string): Map<string, [number, number]> {
  const counts = new Map<string, [number, number]>();
  const add = (feature: string, weight: number) => {
    const seen = counts.get(feature);
    if (seen) seen[0] += 1;
    else counts.set(feature, [1, weight]);
  };
  const terms = tokenize(text).filter((t) => !STOPWORDS.has(t)).map(stem);
  for (let i = 0; i < terms.length; i += 1) {
    const term = terms[i] as string;
    add(`w:${term}`, WEIGHTS.unigram);
    if (i + 1 < terms.length) add(`b:${term}_${terms[i + 1] as string}`, WEIGHTS.bigram);
    if (term.length >= 5) {
      const padded = `<${term}>`;
      for (let j = 0; j + 4 <= padded.length; j += 1) add(`c:${padded.slice(j, j + 4)}`, WEIGHTS.charGram);
    }
  }
  return counts;
}

/**
 * A deterministic, offline "embedding": NOT a neural model and it knows no synonyms. It is a signed
 * feature-hashing of lexical features — stemmed lowercase word unigrams, word bigrams and character
 * 4-grams of longer words — into `dimensions` buckets, with sublinear TF weighting (1 + ln tf) and L2
 * normalisation, so cosine similarity approximates weighted term overlap. It lets the product, the
 * tests and the eval run with no network and no model download; use the OpenAI provider for semantics.
 *
 * @example
 * const provider = createLocalHashEmbeddings(384);
 * const [vector] = await provider.embed(['What is classical conditioning?'], 'query'); // 384 numbers, |v| = 1
 */
export function createLocalHashEmbeddings(dimensions: number): EmbeddingsProvider {
  const embedOne = (text: string): number[] => {
    const vector = new Float64Array(dimensions);
    for (const [feature, [tf, weight]] of features(text)) {
      const bucket = fnv1a(feature) % dimensions;
      const sign = (fnv1a(feature, 0x9747b28c) & 1) === 0 ? 1 : -1;
      vector[bucket] = (vector[bucket] ?? 0) + sign * weight * (1 + Math.log(tf));
    }
    let norm = 0;
    for (const value of vector) norm += value * value;
    norm = Math.sqrt(norm);
    // An empty text gets a zero vector; cosine with it is undefined, so give it a fixed unit direction.
    if (norm === 0) {
      const unit = new Array<number>(dimensions).fill(0);
      unit[0] = 1;
      return unit;
    }
    return Array.from(vector, (value) => Math.round((value / norm) * 1e6) / 1e6);
  };
  return {
    model: `local-hash-v1-${dimensions}`,
    dimensions,
    embed: async (texts) => texts.map(embedOne),
  };
}
