import type { RankedChunk } from './retrieve-chunks.js';

/** The answer text of every refusal; the widget shows it as is. */
export const NOT_FOUND_ANSWER = 'Not found in course content.';

/**
 * Calibrated on the SQuAD 2.0 unanswerable pack and its answerable controls with the local providers
 * (curve and choice in docs/qa-evaluation.md). Override per deployment with another embeddings model.
 */
export const DEFAULT_REFUSAL_THRESHOLD = 0.33;

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
