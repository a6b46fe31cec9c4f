import { STOPWORDS, stem } from './text-analysis.js';

/** A course's words (lower case, as written) with how many chunks use each. */
export type CourseVocabulary = ReadonlyMap<string, number>;

/** Damerau–Levenshtein distance (adjacent transpositions count 1), stopping early past `limit`. */
export function editDistance(a: string, b: string, limit = 3): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i += 1) {
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
  }
  return rows[a.length]![b.length]!;
}

/**
 * The question with its misspelt words corrected against the course's own vocabulary: a word of five or more
 * letters that the course never uses (neither it nor its stem) is replaced by the course word nearest to it —
 * one edit away for words up to seven letters, two for longer ones — the most used one on a tie. Words the course uses, names (capitalised inside the question), numbers and
 * function words are left alone, and so is a word with no near course word.
 *
 * @example
 * correctSpelling('What is classical conditoning?', new Map([['conditioning', 40], ['classical', 12]]))
 * // { text: 'What is classical conditioning?', corrections: [{ from: 'conditoning', to: 'conditioning' }] }
 */
export function correctSpelling(question: string, vocabulary: CourseVocabulary): { text: string; corrections: { from: string; to: string }[] } {
  if (vocabulary.size === 0) return { text: question, corrections: [] };
  const stems = new Set([...vocabulary.keys()].map(stem));
  const corrections: { from: string; to: string }[] = [];
  let first = true;
  const text = question.replace(/[\p{L}][\p{L}'’-]*/gu, (word) => {
    const lower = word.toLowerCase();
    const isName = !first && /^\p{Lu}/u.test(word);
    first = false;
    // Names are left alone: a name the course never mentions is the sign of a question about something else.
    if (isName || lower.length < 5 || STOPWORDS.has(lower) || vocabulary.has(lower) || stems.has(stem(lower))) return word;
    const limit = lower.length <= 7 ? 1 : 2;
    let best: { word: string; distance: number; count: number } | undefined;
    for (const [candidate, count] of vocabulary) {
      if (Math.abs(candidate.length - lower.length) > limit || (limit === 1 && candidate[0] !== lower[0])) continue;
      const distance = editDistance(lower, candidate, limit);
      if (distance > limit) continue;
      if (!best || distance < best.distance || (distance === best.distance && count > best.count)) best = { word: candidate, distance, count };
    }
    if (!best) return word;
    corrections.push({ from: word, to: best.word });
    return /^\p{Lu}/u.test(word) ? best.word.charAt(0).toUpperCase() + best.word.slice(1) : best.word;
  });
  return { text, corrections };
}

/**
 * The word of the passages nearest to a word none of them holds: same first letter, one edit for five or six
 * letters, two from seven ("ghengis" → "genghis", "krugmen" → "krugman"); undefined when none is that close.
 * Names are never corrected before retrieval, so the answer stage reads them in the passages' own spelling.
 *
 * @example
 * nearestPassageSpelling('krugmen', [new Set(['krugman', 'trade'])]) // 'krugman'
 */
export function nearestPassageSpelling(word: string, termSets: readonly ReadonlySet<string>[]): string | undefined {
  if (word.length < 5) return undefined;
  const limit = word.length >= 7 ? 2 : 1;
  let best: { term: string; distance: number } | undefined;
  for (const terms of termSets) {
    for (const term of terms) {
      if (term[0] !== word[0] || Math.abs(term.length - word.length) > limit) continue;
      const distance = editDistance(word, term, limit);
      if (distance <= limit && (!best || distance < best.distance)) best = { term, distance };
    }
  }
  return best?.term;
}
