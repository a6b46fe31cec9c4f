import { contentTerms, splitSentences } from '../../domain/qa/text-analysis.js';
import type { LlmAnswer, LlmAnswerRequest, LlmProvider } from './llm.port.js';

/** Tuning of the extractive answerer. */
export interface LocalExtractiveOptions {
  /** Most sentences in an answer. @defaultValue 3 */
  maxSentences?: number;
  /** Share of the question's (IDF-weighted) terms the best sentence must contain, else "not found". @defaultValue 0.2 */
  minCoverage?: number;
  /** Longest answer in characters (the best sentence is always kept). @defaultValue 700 */
  maxChars?: number;
}

interface Candidate { text: string; marker: number; rank: number; order: number; coverage: number; score: number }

/**
 * A deterministic, offline answerer. It does not generate language: it picks the sentences of the
 * given passages that best cover the question's terms (weighted by how rare each term is among the
 * passages' sentences, with a small preference for higher-ranked passages) and joins them, each
 * followed by the marker of the passage it came from. Every word of the answer is course text.
 *
 * @example
 * const llm = createLocalExtractiveLlm();
 * const { answer } = await llm.answer({ question: 'Who built it?', passages: [{ marker: 1, title: 'T', text: 'Ann built it.' }] });
 * // 'Ann built it. [1]'
 */
export function createLocalExtractiveLlm(options: LocalExtractiveOptions = {}): LlmProvider {
  const maxSentences = options.maxSentences ?? 3;
  const minCoverage = options.minCoverage ?? 0.2;
  const maxChars = options.maxChars ?? 700;

  const answer = async (request: LlmAnswerRequest): Promise<LlmAnswer> => {
    const questionTerms = [...new Set(contentTerms(request.question))];
    const sentences = request.passages.flatMap((passage, rank) =>
      splitSentences(passage.text).map((span, order) => ({ text: span.text, marker: passage.marker, rank, order, terms: new Set(contentTerms(span.text)) })));
    if (questionTerms.length === 0 || sentences.length === 0) return { found: false, answer: '', citedMarkers: [] };

    const idf = new Map(questionTerms.map((term) => {
      const df = sentences.filter((s) => s.terms.has(term)).length;
      return [term, Math.log(1 + (sentences.length + 1) / (df + 0.5))];
    }));
    const totalWeight = [...idf.values()].reduce((a, b) => a + b, 0);

    const candidates: Candidate[] = sentences.map((s) => {
      const matched = questionTerms.reduce((sum, term) => sum + (s.terms.has(term) ? (idf.get(term) ?? 0) : 0), 0);
      const coverage = totalWeight > 0 ? matched / totalWeight : 0;
      return { text: s.text, marker: s.marker, rank: s.rank, order: s.order, coverage, score: coverage + 0.08 / (1 + s.rank) };
    }).sort((a, b) => b.score - a.score);

    const best = candidates[0];
    if (!best || best.coverage < minCoverage) return { found: false, answer: '', citedMarkers: [] };

    const chosen: Candidate[] = [best];
    let length = best.text.length;
    for (const candidate of candidates.slice(1)) {
      if (chosen.length >= maxSentences) break;
      if (candidate.coverage < Math.max(minCoverage, best.coverage * 0.6)) break;
      if (length + candidate.text.length > maxChars || chosen.some((c) => c.text === candidate.text)) continue;
      chosen.push(candidate);
      length += candidate.text.length;
    }
    // Read in passage order, and within a passage in text order, so the answer flows as the source does.
    chosen.sort((a, b) => a.rank - b.rank || a.order - b.order);
    const text = chosen.map((c) => `${c.text} [${c.marker}]`).join(' ');
    const cited = [...new Set(chosen.map((c) => c.marker))];
    return { found: true, answer: text, citedMarkers: cited };
  };

  return { provider: 'local', model: 'local-extractive-v1', answer };
}
