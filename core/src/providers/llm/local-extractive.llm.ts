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

/** Score bonus for a sentence that defines what a "What is X?" question asks about. */
const DEFINITION_BONUS = 0.25;

/**
 * The X of a definition question ("What is X?", "What are X?", "Define X", "What does X mean?"), lower-cased
 * without its article, or undefined for other questions.
 *
 * @example
 * definitionSubject('What is classical conditioning?'); // → 'classical conditioning'
 */
export function definitionSubject(question: string): string | undefined {
  const match = /^\s*(?:what\s+(?:is|are|was|were)|what's|define|explain)\s+(?:an?\s+|the\s+)?(.+?)\s*\??\s*$/i.exec(question)
    ?? /^\s*what\s+does\s+(?:an?\s+|the\s+)?(.+?)\s+mean\s*\??\s*$/i.exec(question);
  const subject = match?.[1]?.toLowerCase().trim();
  return subject && subject.split(/\s+/).length <= 6 ? subject : undefined;
}

/** True when the sentence opens by defining the subject: "X: …", "X is/are …", "X refers to …", "X (Y) is …". */
function definesTerm(sentence: string, subject: string): boolean {
  const text = sentence.toLowerCase().replace(/^[•*\-–]\s*/, '').replace(/^(an?|the)\s+/, '');
  if (!text.startsWith(subject)) return false;
  const after = text.slice(subject.length).replace(/^\s*\([^)]*\)/, '');
  return /^\s*(:|is\b|are\b|refers\b|means\b|describes\b|occurs\b|,?\s*(also\s+)?(called|known)\b)/.test(after);
}

/**
 * Sentences about the text rather than the subject ("Now that you know how X works, let's look at …", "By the end
 * of this section you will …"): they share the question's words but answer nothing.
 */
const SIGNPOST = /\b(let['’]s (take a (closer )?look|look|explore|consider|examine|turn)|by the end of this (section|chapter)|in this (section|chapter|module)|you will (learn|be able to|see)|now that you (know|have seen|understand|have learned))\b/i;
const SIGNPOST_PENALTY = 0.5;

/** True when two sentences say the same thing: at least 80 % of their content terms shared (Jaccard). */
function sameContent(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared += 1;
  return shared / (a.size + b.size - shared) >= 0.8;
}

/** A list line or glossary entry read as a sentence: no bullet glyph, a capital first letter, a full stop. */
function asSentence(text: string): string {
  const bare = text.replace(/^[•▪◦*–-]\s+/, '');
  const capital = bare.charAt(0).toUpperCase() + bare.slice(1);
  return /[.!?…:;"”’)]$/.test(capital) ? capital : `${capital}.`;
}

interface Candidate { text: string; marker: number; rank: number; order: number; coverage: number; score: number; terms: Set<string>; isSignpost: boolean }

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
    const subject = definitionSubject(request.question);
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
      const definesSubject = subject !== undefined && definesTerm(s.text, subject) ? DEFINITION_BONUS : 0;
      const isSignpost = SIGNPOST.test(s.text);
      const score = coverage + definesSubject - (isSignpost ? SIGNPOST_PENALTY : 0) + 0.08 / (1 + s.rank);
      return { text: s.text, marker: s.marker, rank: s.rank, order: s.order, coverage, score, terms: s.terms, isSignpost };
    }).sort((a, b) => b.score - a.score);

    const best = candidates[0];
    if (!best || best.coverage < minCoverage) return { found: false, answer: '', citedMarkers: [] };

    const chosen: Candidate[] = [best];
    // The same sentence in two files (the chapter as Markdown and as PDF) is said once, citing both.
    const markersOf = new Map<Candidate, number[]>([[best, [best.marker]]]);
    let length = best.text.length;
    for (const candidate of candidates.slice(1)) {
      if (candidate.coverage < Math.max(minCoverage, best.coverage * 0.6)) break;
      const twin = chosen.find((c) => c.text === candidate.text || sameContent(c.terms, candidate.terms));
      if (twin) {
        const markers = markersOf.get(twin)!;
        if (!markers.includes(candidate.marker)) markers.push(candidate.marker);
        continue;
      }
      if (chosen.length >= maxSentences || length + candidate.text.length > maxChars || candidate.isSignpost) continue;
      chosen.push(candidate);
      markersOf.set(candidate, [candidate.marker]);
      length += candidate.text.length;
    }
    // The best sentence leads; the others follow in passage order, and within a passage in text order, so
    // the rest flows as the source does.
    const [lead, ...rest] = chosen;
    rest.sort((a, b) => a.rank - b.rank || a.order - b.order);
    chosen.splice(0, chosen.length, lead!, ...rest);
    const text = chosen.map((c) => `${asSentence(c.text)} ${markersOf.get(c)!.map((m) => `[${m}]`).join('')}`).join(' ');
    const cited = [...new Set(chosen.flatMap((c) => markersOf.get(c)!))];
    return { found: true, answer: text, citedMarkers: cited };
  };

  return { provider: 'local', model: 'local-extractive-v1', answer };
}
