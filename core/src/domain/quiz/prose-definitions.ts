import type { SourceChunk } from './types.js';
import { sentencesOf, stripMarkdown } from './text.js';
import type { CourseVocabulary } from './vocabulary.js';

/**
 * A defining sentence of plain prose — what textbooks without bold terms, manuals and encyclopedic text use:
 * "dpkg is the program that handles .deb files", "APT (…) is a group of programs that …", "A module is a file
 * containing definitions". The subject is the term, the predicate after "is a/an/the" its definition.
 */
export interface ProseDefinition {
  raw: string;
  definition: string;
  sentence: string;
  /** The article the text itself puts before the definition ("is the primary source …", "is an operating system component …"). */
  article?: 'a' | 'an' | 'the';
}

/**
 * Splits "unconditioned stimulus (UCS)" into the term and its abbreviation. An abbreviation holds a capital letter:
 * "im-config(8)" names a manual section, and "8" is no form of the term.
 *
 * @example
 * splitAbbreviation('Advanced Packaging Tool (APT)'); // → { term: 'Advanced Packaging Tool', aliases: ['APT'] }
 */
export function splitAbbreviation(raw: string): { term: string; aliases: string[] } {
  const match = /^(.*?)\s*\((?=[^)]*\p{Lu})([\p{Lu}\p{N}]{1,8})\)\s*$/u.exec(raw.trim());
  return match ? { term: (match[1] ?? '').trim(), aliases: [match[2] ?? ''] } : { term: raw.trim(), aliases: [] };
}

// "The Conflicts field indicates when …", "dpkg-source unpacks a source package": what a term does, in a manual.
const FUNCTIONAL = /^(?:(?:the|a|an)\s+)?([\p{L}\p{N}.][\p{L}\p{N}._+/'’-]*(?:\s+[\p{L}\p{N}._+/'’-]+){0,3}?)\s*(\([^()]{1,80}\))?\s+([\p{Ll}]+s)\s+(.+)$/u;
const DEFINING = /^(?:(?:the|a|an)\s+)?([\p{L}\p{N}.][\p{L}\p{N}._+/'’-]*(?:\s+[\p{L}\p{N}._+/'’-]+){0,4}?)\s*(\([^()]{1,80}\))?\s*,?\s+(?:is|are)\s+(?:(?:only|simply|essentially|basically|usually|generally)\s+)?(?:one of\s+)?(a|an|the)\s+(.+)$/iu;
// Function words that cannot start a term: pronouns, quantifiers, demonstratives (grammar, not subject matter).
const NOT_A_TERM_START = /^(this|that|these|those|it|its|they|their|there|here|such|each|all|some|most|many|much|one|what|which|who|another|other|our|your|my|his|her|no|both|either|neither|every|any|first|second|next|last|then|thus|so|but|and|or|if|when|whenever|while|whereas|although|though|because|since|after|before|until|unless|where|part|figure|table|as|in|on|at|for|from|with|by|to|of|now|however|also|only|the|a|an|i|we|you|he|she)$/i;
// After the genus, a restriction makes it a definition ("a program that …", "an archive containing …", "the
// foundation of …"), not a judgement ("an ugly hack").
const RESTRICTION = /^(that|which|who|whose|where|of|for|to|used|containing|with|in|by|from|between|on|allowing|providing|designed|made|consisting|describing|representing|holding|listing|mapping|whereby|through)$/i;

function cleanDefinition(text: string): string {
  return text
    .replace(/\s*\([^()]*\)/g, '')
    .replace(/[,;:]\s*(?:notably|such as|e\.g\.|i\.e\.|for example|for instance|including|like)\b.*$/i, '')
    .split(/;|\s[—–]\s|:\s/)[0]!
    .replace(/[.,:;!]\s*$/, '')
    .trim();
}

/**
 * The defining sentences of a chunk whose subject is a term of the course. The course decides what a term is:
 * its words are no verbs in the course's usage, and it recurs (a multi-word term at least twice in the course,
 * a single word at least four times — a concept the text keeps coming back to, not a passing noun). `headings`:
 * the course's headings, lower-cased and joined (a single lower-case word must be named in one, or be defined in
 * the "A cache is a …" form).
 *
 * @example
 * proseDefinitions(chunk, vocabulary); // → [{ raw: 'dpkg', definition: 'program that handles .deb files', … }]
 */
export function proseDefinitions(chunk: SourceChunk, vocabulary: CourseVocabulary, courseText: string, headings = ''): ProseDefinition[] {
  const found: ProseDefinition[] = [];
  for (const sentence of sentencesOf(stripMarkdown(chunk.content))) {
    if (sentence.length > 400 || /\?$/.test(sentence)) continue;
    const match = DEFINING.exec(sentence) ?? functional(sentence, vocabulary);
    if (!match) continue;
    const raw = (match[1] ?? '').trim();
    const words = raw.split(/\s+/);
    if (NOT_A_TERM_START.test(words[0] ?? '') || words.some((w) => vocabulary.isVerb(w) || /^(of|and|or|to|in|for|with)$/i.test(w))) continue;
    if (/^[\p{Lu}][\p{Ll}]+$/u.test(words[0] ?? '') && words.length === 1 && !/^(the|a|an)\s/i.test(sentence) && vocabulary.count(raw) < 4) continue;
    // Command lines ("ar t archive") and possessives ("dpkg's multi-arch support") are not terms.
    if (words.some((w) => w.length === 1) || /['’]s$/i.test(words[0] ?? '')) continue;
    // A single everyday word needs a mark of a term: a capital, digit or symbol, a heading that names it, or the
    // explicit "A cache is a …" form ("The result is an inconsistent system" is no definition of "result").
    if (words.length === 1 && /^[\p{Ll}]+$/u.test(raw) && !/^(a|an)\s/i.test(sentence) && !countOccurrences(headings, raw)) continue;
    const recurs = words.length > 1
      ? countOccurrences(courseText, raw) >= 2 || countOccurrences(courseText, words[0] ?? '') >= 3
      : countOccurrences(courseText, raw) >= 4;
    if (!recurs) continue;
    // A person does things ("Nathan comes home …"); a single capitalised word acting is a name, not a term.
    if (match[3] === 'something' && words.length === 1 && /^[\p{Lu}][\p{Ll}]/u.test(raw)) continue;
    const genus = (match[4] ?? '').split(/\s+/);
    const restrictedAt = genus.slice(0, 7).findIndex((w) => RESTRICTION.test(w.replace(/[^\p{L}]/gu, '')));
    if (restrictedAt < 0) continue;
    const definition = cleanDefinition(match[3] === 'something' ? `something ${match[4] ?? ''}` : match[4] ?? '');
    const size = definition.split(/\s+/).length;
    if (size < 3 || size > 35) continue;
    // Only an abbreviation in parentheses is part of the term ("Advanced Packaging Tool (APT)"); other asides are not.
    const abbreviation = match[2] && splitAbbreviation(match[2]).aliases.length > 0 ? ` ${match[2]}` : '';
    // The text's own article is kept ("the primary source of …"); "one of the programs that …" keeps none.
    const article = match[3] !== 'something' && !/\bone of\s+(?:a|an|the)\s/i.test(match[0]) ? match[3]?.toLowerCase() : undefined;
    found.push({ raw: `${raw}${abbreviation}`, definition, sentence, ...(article === 'a' || article === 'an' || article === 'the' ? { article } : {}) });
  }
  return found;
}

/** A functional description as a DEFINING-shaped match: the predicate becomes "something that <verb>s …". */
function functional(sentence: string, vocabulary: CourseVocabulary): RegExpExecArray | undefined {
  const match = FUNCTIONAL.exec(sentence);
  const verb = match?.[3] ?? '';
  if (!match || !vocabulary.isVerb(verb) || /^(is|was|has|does)$/.test(verb)) return undefined;
  const shaped = [match[0], match[1], match[2], 'something', `that ${verb} ${match[4] ?? ''}`] as unknown as RegExpExecArray;
  return shaped;
}

function countOccurrences(text: string, term: string): number {
  const needle = term.toLowerCase();
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
    const before = text[at - 1] ?? ' ';
    const after = text[at + needle.length] ?? ' ';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after === 's' ? ' ' : after)) count += 1;
  }
  return count;
}
