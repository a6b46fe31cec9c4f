import type { EmbeddingsProvider } from '../../providers/embeddings/embeddings.port.js';
import type { KeyTerm } from './extract-terms.js';
import { contentStems } from './text.js';

/** Cosine similarity between terms, by key. */
export type TermSimilarity = (a: KeyTerm, b: KeyTerm) => number;

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    na += (a[i] ?? 0) ** 2;
    nb += (b[i] ?? 0) ** 2;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Lexical fallback: cosine over content-word stems of term + definition, the term's words counted double. */
function lexicalVector(term: KeyTerm, vocabulary: Map<string, number>): number[] {
  const counts = new Map<number, number>();
  const add = (stem: string, weight: number) => {
    if (!vocabulary.has(stem)) vocabulary.set(stem, vocabulary.size);
    const index = vocabulary.get(stem) as number;
    counts.set(index, (counts.get(index) ?? 0) + weight);
  };
  for (const stem of contentStems(term.term)) add(stem, 2);
  for (const stem of contentStems(term.definition)) add(stem, 1);
  const vector: number[] = [];
  for (const [index, value] of counts) vector[index] = value;
  return Array.from(vector, (v) => v ?? 0);
}

const prefixes = (term: string) => new Set(term.toLowerCase().split(/[\s-]+/).filter((w) => w.length >= 4).map((w) => w.slice(0, 5)));

/**
 * What the course's structure says about two terms: the same section (+0.2) or document (+0.1), and names that
 * share word stems (+0.2 × overlap: "primary reinforcer" ~ "positive reinforcement"). Lexical embeddings miss
 * these; a teacher's distractors come from the same section and the same family of terms.
 */
function structuralCloseness(a: KeyTerm, b: KeyTerm): number {
  const pa = prefixes(a.term);
  const pb = prefixes(b.term);
  const shared = [...pa].filter((p) => pb.has(p)).length;
  const union = new Set([...pa, ...pb]).size;
  return (a.homeChunk.topicId && a.homeChunk.topicId === b.homeChunk.topicId ? 0.2 : 0)
    + (a.homeChunk.documentId === b.homeChunk.documentId ? 0.1 : 0)
    + (union > 0 ? (0.2 * shared) / union : 0);
}

/**
 * How close two terms are in meaning: cosine of the embeddings of "term: definition" (the course's embeddings
 * provider), or of their content-word stems when no provider is given. Distractors for harder tiers come from
 * the closest terms.
 *
 * @example
 * const similarity = await termSimilarity(terms, embeddings);
 * similarity(positiveReinforcement, negativeReinforcement); // → high
 */
export async function termSimilarity(terms: readonly KeyTerm[], embeddings?: EmbeddingsProvider): Promise<TermSimilarity> {
  const vectors = new Map<string, number[]>();
  if (embeddings && terms.length > 0) {
    const embedded = await embeddings.embed(terms.map((t) => `${t.term}: ${t.definition}`), 'document');
    terms.forEach((t, i) => vectors.set(t.key, embedded[i] ?? []));
  } else {
    const vocabulary = new Map<string, number>();
    for (const t of terms) vectors.set(t.key, lexicalVector(t, vocabulary));
  }
  const cache = new Map<string, number>();
  return (a, b) => {
    const id = a.key < b.key ? `${a.key}|${b.key}` : `${b.key}|${a.key}`;
    let value = cache.get(id);
    if (value === undefined) {
      value = cosine(vectors.get(a.key) ?? [], vectors.get(b.key) ?? []) + structuralCloseness(a, b);
      cache.set(id, value);
    }
    return value;
  };
}
