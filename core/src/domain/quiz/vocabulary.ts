import { STOPWORDS } from '../qa/text-analysis.js';
import type { SourceChunk } from './types.js';

/**
 * What the course's own text says about its words: which are count nouns (seen after "a"/"an"), which are used
 * as verbs (seen after a subject pronoun or a modal). Learnt from the course, so no list of any subject's words
 * is needed to read a glossary definition right ("a stimulus that …", "learning in which …").
 *
 * @example
 * const vocabulary = learnVocabulary(chunks);
 * vocabulary.isCountNoun('stimulus'); // → true when the course writes "a stimulus"
 */
export interface CourseVocabulary {
  /** true: the course writes "a/an <word>"; false: it uses the word (≥ 2 times) and never so; undefined: unseen. */
  isCountNoun(word: string): boolean | undefined;
  /** The course uses the word as a finite verb ("it hinders", "which triggers", "can fade") more than as a noun. */
  isVerb(word: string): boolean;
  /** How many times the word occurs in the course. */
  count(word: string): number;
}

// English function words only (auxiliaries, modals, pronouns): grammar, not any course's subject.
const AUXILIARY = /^(is|are|was|were|be|been|has|have|had|do|does|did|must|can|could|may|might|will|would|should|shall)$/;
const PRONOUN = /^(it|they|he|she|we|you|i)$/;
const RELATIVE = /^(which|who|that)$/;
const MODAL = /^(can|could|may|might|will|would|should|must|shall|does|do|did)$/;
// A determiner or a preposition before a word is evidence of a noun ("the experience", "of experience").
const DETERMINER = /^(a|an|the|this|these|those|its|their|his|her|our|your|my|each|every|one|any|some|no|of|in|for|with|from|by|about|on|at)$/;
const INDEFINITE = /^(a|an|one|each|every|another)$/;

/**
 * Reads the course once and counts, per lower-cased word form: occurrences, occurrences after an indefinite
 * article, after a determiner, and after a subject pronoun or modal.
 *
 * @example
 * learnVocabulary([{ …, content: 'It hinders recall. A stimulus elicits a response.' }]).isVerb('hinders'); // → true
 */
export function learnVocabulary(chunks: readonly Pick<SourceChunk, 'content'>[]): CourseVocabulary {
  const total = new Map<string, number>();
  const afterIndefinite = new Map<string, number>();
  const afterDeterminer = new Map<string, number>();
  const afterSubject = new Map<string, number>();
  const bump = (map: Map<string, number>, word: string) => map.set(word, (map.get(word) ?? 0) + 1);
  for (const chunk of chunks) {
    const words = chunk.content.toLowerCase().match(/[\p{L}][\p{L}'’-]*/gu) ?? [];
    words.forEach((word, i) => {
      bump(total, word);
      const before = words[i - 1] ?? '';
      if (INDEFINITE.test(before)) bump(afterIndefinite, word);
      if (DETERMINER.test(before)) bump(afterDeterminer, word);
      // After "which/who/that" only a third-person "-s" form is evidence ("which elicits"; "that the" is not).
      if (PRONOUN.test(before) || MODAL.test(before) || (RELATIVE.test(before) && /[^s]s$/.test(word))) bump(afterSubject, word);
    });
  }
  return {
    count: (word) => total.get(word.toLowerCase()) ?? 0,
    isCountNoun: (word) => {
      const w = word.toLowerCase();
      if ((afterIndefinite.get(w) ?? 0) > 0) return true;
      return (total.get(w) ?? 0) >= 2 ? false : undefined;
    },
    isVerb: (word) => {
      const w = word.toLowerCase();
      if (AUXILIARY.test(w)) return true;
      if (STOPWORDS.has(w)) return false;
      // "-ed" forms are participles as often as verbs ("a form used by caregivers"): never a finite verb by usage alone.
      if (w.endsWith('ed')) return false;
      const asVerb = afterSubject.get(w) ?? 0;
      return asVerb > 0 && asVerb > (afterDeterminer.get(w) ?? 0);
    },
  };
}
