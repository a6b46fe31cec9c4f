import type { RankedChunk } from './retrieve-chunks.js';

/** The answer text of every refusal; the widget shows it as is. */
export const NOT_FOUND_ANSWER = 'Not found in course content.';

/**
 * Calibrated with the local providers on the SQuAD packs (curve and choice in docs/qa-evaluation.md):
 * the highest threshold that keeps false refusals well under 10 % and recall@5 at or above 0.90. It
 * refuses only ~9 % of SQuAD 2.0's adversarial unanswerable questions — lexical evidence cannot tell
 * them apart; the OpenAI-compatible answerer's "not in context" is the second line of refusal.
 * Override per deployment (another embeddings model needs its own calibration).
 */
export const DEFAULT_REFUSAL_THRESHOLD = 0.3;

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
 * What to tell a student whose question the course does not answer: where the closest material is,
 * when there is any.
 *
 * @example
 * refusalSuggestion(chunks) // 'Try other words or ask your instructor. The closest material is in "Week 3 › Conditioning".'
 */
export function refusalSuggestion(chunks: Pick<RankedChunk, 'documentTitle' | 'heading'>[]): string {
  const closest = chunks[0];
  const base = 'Try rephrasing with words from the course, or ask your instructor.';
  if (!closest) return `${base} This course has no indexed material yet.`;
  const where = closest.heading ? `${closest.documentTitle} › ${closest.heading}` : closest.documentTitle;
  return `${base} The closest material is in "${where}".`;
}
