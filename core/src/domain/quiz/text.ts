import { STOPWORDS, splitSentences, stem, tokenize } from '../qa/text-analysis.js';
import type { CourseVocabulary } from './vocabulary.js';

/** Removes Markdown emphasis and inline code markers, keeping the words. @example stripMarkdown('**bold** term') // 'bold term' */
export function stripMarkdown(text: string): string {
  return text.replace(/\*\*|__|`/g, '').replace(/(^|\s)[*_](\S[^*_]*\S|\S)[*_](?=\s|[.,;:!?)]|$)/g, '$1$2');
}

/**
 * The sentences of prose, every line break ending one: the one splitter (`splitSentences`), as text.
 *
 * @example
 * sentencesOf('B. F. Skinner studied rats. Pavlov studied dogs.'); // → ['B. F. Skinner studied rats.', 'Pavlov studied dogs.']
 */
export function sentencesOf(text: string): string[] {
  return splitSentences(text, { isLineBreakAnEnd: true }).map((s) => s.text);
}

/** Content-word stems of a text (stop words dropped). @example contentStems('The conditioned stimuli') // ['condit', 'stimuli'] */
export function contentStems(text: string): string[] {
  return tokenize(text).filter((t) => !STOPWORDS.has(t)).map(stem);
}

/**
 * Jaccard overlap of two texts' content stems (0 … 1).
 *
 * @example
 * stemOverlap('view installed packages', 'list installed packages'); // → 0.5
 */
export function stemOverlap(a: string, b: string): number {
  const sa = new Set(contentStems(a));
  const sb = new Set(contentStems(b));
  const union = new Set([...sa, ...sb]).size;
  return union === 0 ? 0 : [...sa].filter((s) => sb.has(s)).length / union;
}

/** Upper-cases the first letter. @example capitalise('extinction') // 'Extinction' */
export function capitalise(text: string): string {
  // Code keeps its case: "sys.path", "dpkg-query", "append()" are names a learner types.
  if (/^[\p{Ll}][^\s]*[._()/:\d-][^\s]*/u.test(text) && !/^[\p{Ll}]+[.,;:!?]?(\s|$)/u.test(text)) return text;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Lower-cases the first letter unless the first word looks like a name or an acronym. */
export function decapitalise(text: string): string {
  const first = text.split(/\s/)[0] ?? '';
  if (/^[\p{Lu}]{2,}/u.test(first) || /^[\p{Lu}][\p{Ll}]+['’]s$/u.test(first)) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** "a" or "an" for the word that follows (by sound for the common exceptions). */
export function indefiniteArticle(word: string): 'a' | 'an' {
  const w = word.toLowerCase();
  if (/^(hour|honest|honou?r)/.test(w)) return 'an';
  if (/^(uni|use|usu|eu|one|once)/.test(w)) return 'a';
  return /^[aeiou]/.test(w) ? 'an' : 'a';
}

/**
 * Turns a glossary definition (a bare noun phrase) into one that reads in a sentence: "stimulus that elicits a
 * response" → "a stimulus that elicits a response"; "ability to respond" → "the ability to respond"; gerunds,
 * plurals and the course's mass nouns stay bare. Whether a noun is countable is read from the course itself
 * (`vocabulary`: does the course ever write "a <noun>"?), not from a list. Definitions that already start with
 * a determiner are left alone.
 *
 * @example
 * withArticle('return of a previously extinguished response'); // → 'the return of a previously extinguished response'
 */
export function withArticle(definition: string, vocabulary?: CourseVocabulary): string {
  const words = definition.split(/\s+/);
  const first = (words[0] ?? '').toLowerCase().replace(/[^a-z-]/g, '');
  const second = (words[1] ?? '').toLowerCase();
  if (/^(a|an|the|any|each|every|one|two|some|something|someone|this|that|these|those|when|how|what|whether|if|to)$/.test(first)) return definition;
  // The head noun: the last word before a preposition or relative pronoun, within the first three.
  const head: string[] = [];
  for (const word of words.slice(0, 3).map((w) => w.toLowerCase().replace(/[^a-z-]/g, ''))) {
    if (/^(of|to|in|for|that|which|who|by|with|from|about|on|used|containing)$/.test(word)) break;
    head.push(word);
  }
  const noun = head.at(-1) ?? first;
  if (first.endsWith('ing')) return definition;
  const plural = noun.endsWith('s') && !/(ss|us|is)$/.test(noun);
  if (plural) return definition;
  const countable = vocabulary?.isCountNoun(noun);
  // A bare noun the course never writes with "a", followed by "of/to/for", takes "the" ("the abbreviation of “RFC”").
  if (countable !== true && /^[a-z-]+$/.test(first) && (second === 'of' || second === 'to' || second === 'for')) return `the ${definition}`;
  if (countable === false) return definition;
  return `${indefiniteArticle(first)} ${definition}`;
}

/** Escapes a string for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const patternCache = new Map<string, RegExp>();

/**
 * A RegExp matching any of the forms as whole words (plural -s/-es allowed), case-insensitive. Global: use it
 * with replace/matchAll (never .test). Compiled patterns are cached: the generator asks for the same ones often.
 */
export function formsPattern(forms: readonly string[]): RegExp {
  return cachedPattern(forms, 'giu');
}

function cachedPattern(forms: readonly string[], flags: string): RegExp {
  const key = `${flags}\u0000${forms.join('\u0000')}`;
  let pattern = patternCache.get(key);
  if (!pattern) {
    const alternatives = [...forms].sort((a, b) => b.length - a.length).map((f) => escapeRegExp(f).replace(/\s+/g, '\\s+'));
    pattern = new RegExp(`(?<![\\p{L}\\p{N}-])(?:${alternatives.join('|')})(?:e?s)?(?![\\p{L}\\p{N}-])`, flags);
    if (patternCache.size > 20_000) patternCache.clear();
    patternCache.set(key, pattern);
  }
  return pattern;
}

/** True when the text mentions any of the forms as whole words. */
export function mentions(text: string, forms: readonly string[]): boolean {
  return cachedPattern(forms, 'iu').test(text);
}

/** 32-bit FNV-1a of a string: turns a quiz seed into a PRNG seed. */
export function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** mulberry32 seeded PRNG in [0, 1). @example const rng = seededRandom(hashSeed('quiz-1')); rng(); */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle with the given PRNG (returns a new array). */
export function shuffled<T>(items: readonly T[], rng: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * True when the prompt gives the answer away by its spelling: a prompt word shares its first five letters with
 * a word of the answer ("episode" → "episodic memory") while no distractor has such a word.
 *
 * @example
 * leaksAnswer('… events (i.e., an episode).', 'episodic memory', ['semantic memory']); // → true
 */
export function leaksAnswer(prompt: string, answer: string, distractors: readonly string[]): boolean {
  const prefixes = (text: string) => new Set(tokenize(text).filter((w) => w.length >= 5 && !STOPWORDS.has(w)).map((w) => w.slice(0, 5)));
  const inPrompt = prefixes(prompt);
  const inDistractors = prefixes(distractors.join(' '));
  return [...prefixes(answer)].some((p) => inPrompt.has(p) && !inDistractors.has(p));
}

/** Discourse connectives that tie a sentence to the one before it. */
const LEADING_CONNECTIVE = /^(on the other hand|in contrast|by contrast|however|similarly|likewise|conversely|in addition|additionally|moreover|furthermore|also|thus|therefore|instead|again|for example|for instance|in other words|as a result|finally|first|second|third|then)\s*,\s*/i;

/** The sentence without a leading connective. @example withoutLeadingConnective('However, X is Y.') // → 'X is Y.' */
export function withoutLeadingConnective(sentence: string): string {
  return sentence.replace(LEADING_CONNECTIVE, '');
}

// Third-person pronouns and the words that mark a noun after them (English grammar, not any course's words).
const PLURAL_PRONOUN = /^(they|them|their|theirs|themselves)$/;
const SINGULAR_PRONOUN = /^(it|its|itself|he|him|his|himself|she|her|hers|herself)$/;
const DETERMINER = /^(the|a|an|each|every|this|that|these|those|any|one|another|either|neither|your|our|my)$/;
const PERSON = /^(i|you|we|us|me)$/;

/**
 * The first third-person pronoun of a question stem that has nothing to refer to within the stem — "APT includes
 * them in alphabetical order" (them: no plural noun before it), "You need to install it" (it: no noun before it) —
 * or undefined when every pronoun has a candidate. A candidate for "it"/"he"/"she" is a word after a determiner, a
 * capitalised or code-like word, or the blank; for "they"/"them" a plural-looking word, two nouns joined by "and",
 * or the blank. Grammar only: no word list of any course.
 *
 * @example
 * danglingPronoun('APT includes them in alphabetical order'); // → 'them'
 * danglingPronoun('Packages are sorted so that APT can find them quickly'); // → undefined
 */
export function danglingPronoun(stem: string): string | undefined {
  const words = stem.split(/\s+/).map((w) => w.replace(/^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu, '')).filter(Boolean);
  const isBlank = (w: string) => /_{3,}/.test(w);
  const isNounLike = (i: number) => {
    const word = words[i] ?? '';
    const lower = word.toLowerCase();
    if (DETERMINER.test(lower) || PERSON.test(lower) || PLURAL_PRONOUN.test(lower) || SINGULAR_PRONOUN.test(lower)) return false;
    return isBlank(word) || /^\p{Lu}/u.test(word) || /\p{L}[._/-]\p{L}/u.test(word) || DETERMINER.test((words[i - 1] ?? '').toLowerCase());
  };
  // A word in -s right after a noun is its verb ("APT includes"), not a plural noun.
  const isPluralLike = (i: number) => {
    const word = (words[i] ?? '').toLowerCase();
    const plural = /^\p{L}{3,}s$/u.test(word) && !/(ss|us|is)$/.test(word) && !PLURAL_PRONOUN.test(word) && !SINGULAR_PRONOUN.test(word)
      && !(i > 0 && isNounLike(i - 1) && !DETERMINER.test((words[i - 1] ?? '').toLowerCase()));
    return isBlank(word) || plural || (word === 'and' && i > 0);
  };
  for (let i = 0; i < words.length; i += 1) {
    const word = (words[i] ?? '').toLowerCase();
    const before = [...Array(i).keys()];
    if (PLURAL_PRONOUN.test(word) && !before.some(isPluralLike)) return word;
    if (SINGULAR_PRONOUN.test(word) && !before.some((j) => isNounLike(j) && !SINGULAR_PRONOUN.test((words[j] ?? '').toLowerCase()))) return word;
  }
  return undefined;
}
