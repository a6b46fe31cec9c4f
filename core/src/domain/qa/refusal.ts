import { analyseQuestion } from './question-analysis.js';
import { type RankedChunk, sectionPathOf } from './retrieve-chunks.js';
import { contentTerms, holdsTerm, splitSentences } from './text-analysis.js';
import { nearestPassageSpelling } from './spelling.js';
import { wordRarity } from './word-rarity.js';

/** The answer text of every refusal; the widget shows it as is. */
export const NOT_FOUND_ANSWER = 'Not found in course content.';

/**
 * Calibrated with the local providers on the SQuAD packs (curve and choice in docs/qa-evaluation.md):
 * the highest threshold that keeps false refusals well under 10 % and recall@5 at or above 0.90. It
 * refuses only ~9 % of SQuAD 2.0's adversarial unanswerable questions — lexical evidence cannot tell
 * them apart; the OpenAI-compatible answerer's "not in context" is the second line of refusal.
 * Override per deployment (another embeddings model needs its own calibration).
 */
export const DEFAULT_REFUSAL_THRESHOLD = 0.275;

/**
 * The second refusal check, on the passages an answer would be drawn from (`evidenceOf`), chosen with the
 * threshold on the tune half of the SQuAD packs (docs/qa-evaluation.md, fourth pass).
 */
export const DEFAULT_MIN_EVIDENCE = 0.45;

/** Rarity is raised to this power, so that a question's rare words weigh more than its common ones. */
const RARITY_POWER = 1.5;

/**
 * How strongly the best retrieved chunk supports the question, in [0, 1]: the mean of its IDF-weighted
 * coverage of the question's terms and its cosine similarity to the question.
 *
 * @example
 * relevanceOf(chunks) >= DEFAULT_REFUSAL_THRESHOLD // answer, else refuse
 */
export function relevanceOf(chunks: Pick<RankedChunk, 'coverage' | 'vectorSimilarity'>[]): number {
  let best = 0;
  for (const chunk of chunks) best = Math.max(best, 0.5 * chunk.coverage + 0.5 * chunk.vectorSimilarity);
  return best;
}

/**
 * How much of what the question asks about the passages hold in one place, in [0, 1]: the best share, over every
 * stretch of three consecutive sentences of a passage (with its title and headings), of the question's terms
 * weighted by their rarity in general English (`wordRarity` ^ 1.5). A question about something the course does
 * not cover shares its common words with the course ("first", "director", "built") but not its rare ones ("V&A",
 * "Kublai"); a paraphrased question about something it does cover loses only common words.
 *
 * @example
 * evidenceOf('Who founded the V&A?', [{ title: 'Library of Congress', text: 'Debus was named the first Director.' }]) // low: refuse
 */
export function evidenceOf(question: string, passages: { title: string; text: string }[]): number {
  const passageTerms = passages.map((p) => ({ title: contentTerms(p.title), sentences: splitSentences(p.text).map((s) => contentTerms(s.text)) }));
  const termSets = passageTerms.map((p) => new Set([...p.title, ...p.sentences.flat()]));
  // A word no passage holds is read in the passages' nearest spelling ("Krugmen", "Shirly"): names are never corrected before retrieval.
  const terms = [...new Set(contentTerms(question).map((t) => (termSets.some((set) => holdsTerm(set, t)) ? t : nearestPassageSpelling(t, termSets) ?? t)))];
  const weights = terms.map((t) => wordRarity(t) ** RARITY_POWER);
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  let best = 0;
  for (const { title, sentences } of passageTerms) {
    for (let i = 0; i < Math.max(1, sentences.length); i += 1) {
      const held = new Set([...title, ...(sentences[i - 1] ?? []), ...(sentences[i] ?? []), ...(sentences[i + 1] ?? [])]);
      const share = terms.reduce((sum, t, j) => sum + (holdsTerm(held, t) ? weights[j]! : 0), 0) / total;
      if (share > best) best = share;
      if (best === 1) return 1;
    }
  }
  return best;
}

/**
 * What to tell a student whose question the course does not answer. The closest sections are offered only
 * when they are related — their text holds at least half of the question's focus terms (its subject, its
 * names, else its terms) — up to three distinct ones; otherwise the reply says the course does not seem to cover it.
 *
 * @example
 * refusalSuggestion(chunks, 'What is the capital of France?') // 'This course does not seem to cover that. You could ask your instructor.'
 */
export function refusalSuggestion(chunks: Pick<RankedChunk, 'documentTitle' | 'heading' | 'content'>[], question: string): string {
  if (chunks.length === 0) return 'This course has no indexed material yet.';
  const focus = analyseQuestion(question).focus;
  const related: string[] = [];
  for (const chunk of chunks) {
    const terms = new Set(contentTerms(`${chunk.heading} ${chunk.content}`));
    // Related: the section holds the question's names, or at least half of its terms ("solve" alone does not make a section about quadratic equations).
    if (focus.filter((t) => terms.has(t)).length * 2 < focus.length || !focus.some((t) => terms.has(t))) continue;
    const where = sectionPathOf(chunk);
    if (!related.includes(where)) related.push(where);
    if (related.length === 3) break;
  }
  if (related.length === 0) return 'This course does not seem to cover that. You could ask your instructor.';
  return `The course mentions this in ${related.map((r) => `"${r}"`).join(', ')}, but not in a way that answers the question. Try asking about what those sections cover, or ask your instructor.`;
}
