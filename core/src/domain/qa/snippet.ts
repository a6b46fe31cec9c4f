import { contentTerms, splitSentences } from './text-analysis.js';

/** Longest snippet, in characters (the contract's limit). */
export const SNIPPET_MAX_CHARS = 300;

function densestWindow(text: string, terms: ReadonlySet<string>, maxChars: number): string {
  // Slide a window over word starts; keep the one holding the most distinct question terms and, among
  // those, the one whose matches sit nearest its middle (so the reader sees context on both sides).
  const words = [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, terms: contentTerms(m[0]) }));
  let best = { start: 0, end: Math.min(text.length, maxChars), hits: -1, offCentre: Number.POSITIVE_INFINITY };
  for (let i = 0; i < words.length; i += 1) {
    const start = words[i]?.start ?? 0;
    const seen = new Set<string>();
    let end = start;
    let firstMatch = -1;
    let lastMatch = -1;
    for (let j = i; j < words.length && (words[j]?.end ?? 0) - start <= maxChars - 2; j += 1) {
      const word = words[j];
      if (!word) break;
      if (word.terms.some((t) => terms.has(t))) {
        for (const t of word.terms) if (terms.has(t)) seen.add(t);
        if (firstMatch < 0) firstMatch = word.start;
        lastMatch = word.end;
      }
      end = word.end;
    }
    const offCentre = firstMatch < 0 ? Number.POSITIVE_INFINITY : Math.abs((start + end) / 2 - (firstMatch + lastMatch) / 2);
    if (seen.size > best.hits || (seen.size === best.hits && offCentre < best.offCentre)) best = { start, end, hits: seen.size, offCentre };
  }
  const prefix = best.start > 0 ? '…' : '';
  const suffix = best.end < text.length ? '…' : '';
  return `${prefix}${text.slice(best.start, best.end)}${suffix}`;
}

/**
 * The most relevant span of a chunk for a question, at most 300 characters: the run of whole sentences
 * covering the most distinct question terms (ties → the shorter run), or, when even one sentence is
 * too long, the 300-character window densest in question terms, marked with ellipses.
 *
 * @example
 * bestSnippet('Mercury came first. Apollo landed on the Moon in 1969.', 'When did Apollo land?')
 * // 'Apollo landed on the Moon in 1969.'
 */
export function bestSnippet(text: string, question: string, maxChars = SNIPPET_MAX_CHARS): string {
  const terms = new Set(contentTerms(question));
  const sentences = splitSentences(text).map((s) => ({ ...s, terms: new Set(contentTerms(s.text)) }));
  if (sentences.length === 0) return '';
  let best: { start: number; end: number; hits: number } | undefined;
  for (let i = 0; i < sentences.length; i += 1) {
    const seen = new Set<string>();
    for (let j = i; j < sentences.length; j += 1) {
      const start = sentences[i]?.start ?? 0;
      const end = sentences[j]?.end ?? 0;
      if (end - start > maxChars) break;
      for (const t of sentences[j]?.terms ?? []) if (terms.has(t)) seen.add(t);
      const better = !best || seen.size > best.hits || (seen.size === best.hits && end - start < best.end - best.start && seen.size > 0);
      if (better) best = { start, end, hits: seen.size };
    }
  }
  const hitsOf = (s: { terms: Set<string> }) => [...s.terms].filter((t) => terms.has(t)).length;
  const bestSentence = [...sentences].sort((a, b) => hitsOf(b) - hitsOf(a))[0];
  // A whole-sentence run wins unless one over-long sentence holds more question terms than any run.
  if (best && best.hits >= (bestSentence ? hitsOf(bestSentence) : 0)) return text.slice(best.start, best.end);
  const source = bestSentence && bestSentence.text.length > maxChars ? bestSentence.text : text;
  return densestWindow(source, terms, maxChars);
}
