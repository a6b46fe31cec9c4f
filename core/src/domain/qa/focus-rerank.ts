import { analyseQuestion } from './question-analysis.js';
import { type RankedChunk, sectionPathOf } from './retrieve-chunks.js';
import { evidenceOf } from './refusal.js';
import { contentTerms } from './text-analysis.js';

/** Weights of the answer-stage signals added to the hybrid rerank score. */
export interface FocusWeights {
  /** IDF-weighted share of the question's terms in the chunk's section path (document title and headings). */
  heading: number;
  /** Share of the question's adjacent term pairs that the chunk also uses side by side ("observational learning"). */
  phrase: number;
  /** Share of the question's terms, weighted by rarity in general English, that one stretch of three sentences of the chunk holds (`evidenceOf`). */
  window: number;
}

/** Tuned on the tune half of the SQuAD answerable pack (docs/qa-evaluation.md). */
export const DEFAULT_FOCUS_WEIGHTS: FocusWeights = { heading: 0.1, phrase: 0.1, window: 0.4 };

// "How does X work?", "How do X function?": the closing verb frames the question and names nothing about X.
const HOW_FRAME = /^\s*(how\s+(?:do|does|did|is|are|was|were|can|could|would|will|should)\s+.+?)\s+(?:actually\s+)?(?:work|works|function|functions|operate|operates|happen|happens|take\s+place)\s*[?.!]*\s*$/i;

/**
 * The question as retrieval should read it: a "how does X work?" frame verb is dropped, so a passage
 * that uses "work" elsewhere (a figure credit: "modification of work by …") does not outrank the passage
 * about X. Everything else is returned as asked.
 *
 * @example
 * retrievalQuestion('How does observational learning work?') // 'How does observational learning?'
 */
export function retrievalQuestion(question: string): string {
  const match = HOW_FRAME.exec(question);
  return match?.[1] && contentTerms(match[1]).length > 0 ? `${match[1]}?` : question;
}

const pairsOf = (terms: readonly string[]) => new Set(terms.slice(1).map((t, i) => `${terms[i]} ${t}`));

/**
 * Answer-stage rerank of the retrieved chunks: the hybrid score plus how much of the question the chunk's
 * section path names (a section headed by the question's subject is about it), how many of the
 * question's adjacent term pairs the chunk uses as a phrase, and how much of the question's rare words one
 * stretch of three of its sentences holds together. Stable for ties; scores are returned updated.
 *
 * @example
 * focusRerank('How does observational learning work?', chunks)[0].heading // '6.4 Observational Learning (Modeling)'
 */
export function focusRerank<T extends Pick<RankedChunk, 'score' | 'heading' | 'documentTitle' | 'content'>>(question: string, chunks: T[], weights: FocusWeights = DEFAULT_FOCUS_WEIGHTS): T[] {
  if (chunks.length === 0) return chunks;
  const ordered = contentTerms(question);
  const terms = [...new Set(ordered)];
  if (terms.length === 0) return chunks;
  const wanted = pairsOf(ordered);
  const docs = chunks.map((c) => {
    const path = new Set(contentTerms(`${c.documentTitle} ${c.heading}`));
    const body = contentTerms(c.content);
    return { path, all: new Set([...path, ...body]), pairs: pairsOf(body) };
  });
  const idf = new Map(terms.map((t) => [t, Math.log(1 + (docs.length + 1) / (docs.filter((d) => d.all.has(t)).length + 0.5))]));
  const total = [...idf.values()].reduce((a, b) => a + b, 0) || 1;
  const focus = new Set(analyseQuestion(question).focus);
  const scored = chunks.map((chunk, i) => {
    const d = docs[i]!;
    // A section path naming the question's focus counts fully; other question terms in it count half.
    const heading = terms.reduce((sum, t) => sum + (d.path.has(t) ? (idf.get(t) ?? 0) * (focus.has(t) ? 1 : 0.5) : 0), 0) / total;
    const phrase = wanted.size > 0 ? [...wanted].filter((p) => d.pairs.has(p)).length / wanted.size : 0;
    const window = weights.window > 0 ? evidenceOf(question, [{ title: sectionPathOf(chunk), text: chunk.content }]) : 0;
    return { chunk, i, score: chunk.score + weights.heading * heading + weights.phrase * phrase + weights.window * window };
  });
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  return scored.map((s) => ({ ...s.chunk, score: s.score }));
}
