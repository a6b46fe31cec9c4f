import type { SourceChunk } from './types.js';
import { contentStems, decapitalise, escapeRegExp, formsPattern, mentions, sentencesOf, stripMarkdown, withArticle } from './text.js';
import { proseDefinitions, splitAbbreviation } from './prose-definitions.js';
import { courseCase, termProblems, withoutCategoryNoun } from './term-quality.js';
import { type CourseVocabulary, learnVocabulary } from './vocabulary.js';

/**
 * A key term of the course with its definition and where the course text uses it.
 *
 * @example
 * term.term; // 'unconditioned stimulus'; term.aliases // ['UCS']; term.definition // 'stimulus that elicits a reflexive response'
 */
export interface KeyTerm {
  /** Canonical key: content stems joined, so "instinct" and "instincts" are one term. */
  key: string;
  term: string;
  aliases: string[];
  /** A noun phrase or predicate without a leading article ("stimulus that elicits a reflexive response"). */
  definition: string;
  /** "phrase" reads after "refers to"; "clause" only as a quoted description (see definitionForm). */
  form: 'phrase' | 'clause';
  /** The definition as it reads after "refers to" (with the article the course's own usage calls for). */
  phrase: string;
  /** How the term was found: a glossary line, a bold term defined in the text, or a defining sentence of prose. */
  source: 'glossary' | 'bold' | 'prose';
  /** Where the definition was read (a glossary entry or a defining sentence). */
  definitionChunk: SourceChunk;
  /** Where the term is introduced in the body text: its topic is the question's topic. */
  homeChunk: SourceChunk;
  /** A sentence of the body text that defines the term and reads alone (for cloze items), if one exists. */
  textSentence: { text: string; chunk: SourceChunk } | undefined;
}

const GLOSSARY_HEADING = /\b(key terms?|glossary|vocabulary|definitions|terminology)\b/i;
/** Headings of sections that are about the course rather than a topic of it (glossary, summary, objectives …). */
export const NON_TOPIC_HEADING = /\b(key terms?|glossary|vocabulary|summary|learning objectives|review questions|references)\b/i;
const GLOSSARY_LINE = /^\s*(?:[-*•]\s+)?(?:\*\*)?([\p{L}][\p{L}\p{N}'’ -]{0,58}?(?:\s*\([\p{Lu}\p{N}]{1,8}\))?)(?:\*\*)?\s*(?::|—|–| - )\s+(.+)$/u;
const BOLD = /\*\*([^*]{2,60})\*\*/g;
const ANAPHOR_START = /^(this|that|these|those|it|they|he|she|thus|therefore|in this|in that|as we|however|here|such|so|also|then|but|and)\b/i;

/** A plausible term: 1–6 words, mostly lower case (not a sentence, a name or a command). */
function isPlausibleTerm(term: string): boolean {
  const words = term.split(/\s+/);
  if (words.length === 0 || words.length > 6 || term.length < 3) return false;
  if (/\d/.test(term) || /^(link to learning|figure|table|important|note|example|review|source|licen[cs]e|changes|credits?|attribution|image|alt text|see also)\b/i.test(term)) return false;
  // Headings like "Use distributed practice" are advice, not terms: a capitalised first word followed by lower case.
  if (words.length > 1 && /^[\p{Lu}][\p{Ll}]+$/u.test(words[0] ?? '') && !/^[\p{Lu}]/u.test(words[1] ?? '')) return false;
  return contentStems(term).length > 0;
}

/**
 * Reads a glossary definition: "(also, second-order conditioning) using a …" and "…, also known as X" give
 * aliases; a second clause after ";" is dropped (it often repeats the term: "instincts are thought to be…").
 */
function splitDefinition(raw: string): { definition: string; aliases: string[] } {
  let definition = stripMarkdown(raw).trim().replace(/\s+/g, ' ');
  const aliases: string[] = [];
  const also = /^\(also,?\s+([^)]+)\)\s*/i.exec(definition);
  if (also) {
    aliases.push(...(also[1] ?? '').split(/\s*(?:,|\bor\b)\s*/).filter(Boolean));
    definition = definition.slice(also[0].length);
  }
  definition = definition.split(';')[0] ?? definition;
  const known = /,?\s+(?:also known as|also called|or simply)\s+([^,.;()]+)\s*$/i.exec(definition);
  if (known) {
    aliases.push((known[1] ?? '').trim());
    definition = definition.slice(0, known.index);
  }
  definition = definition.replace(/[.;:,]\s*$/, '').trim();
  return { definition: decapitalise(definition), aliases };
}

const RELATIVE = /^(that|which|who|whom|whose|where|when)$/;

/**
 * "phrase" when the definition is a noun phrase ("stimulus that elicits …": reads after "refers to"); "clause"
 * when it is a sentence ("behavior is rewarded after …", "after exposure to …, a person may misremember …"),
 * which only reads as a quoted description. Which words are verbs is learnt from the course (`vocabulary`).
 */
export function definitionForm(definition: string, vocabulary: CourseVocabulary = learnVocabulary([{ content: definition }])): 'phrase' | 'clause' {
  const words = definition.toLowerCase().replace(/[^a-z\s'-]/g, ' ').split(/\s+/).filter(Boolean);
  if (/^(after|before|when|if|while|during|once)$/.test(words[0] ?? '')) return 'clause';
  if (words[0] === 'something' && words[1] === 'that') return 'phrase';
  // A finite verb before any relative pronoun makes a sentence; so does one verb more than there are relative
  // clauses ("information that is thought of more deeply becomes more meaningful").
  let relatives = 0;
  let verbs = 0;
  for (const [i, word] of words.entries()) {
    if (RELATIVE.test(word)) relatives += 1;
    // "to respond", "must occur", "does not elicit": an infinitive after to/a modal is not a second finite verb.
    // "set of servers", "list of files": a word followed by "of" is a noun, whatever else the course uses it as.
    else if (vocabulary.isVerb(word) && words[i + 1] !== 'of' && !/^(to|not|must|can|could|may|might|will|would|should|does|do|did)$/.test(words[i - 1] ?? '')) {
      if (relatives === 0) return 'clause';
      verbs += 1;
    }
  }
  return verbs > relatives ? 'clause' : 'phrase';
}

const termKey = (term: string): string => contentStems(term).join(' ');

const lowerCache = new WeakMap<SourceChunk, string>();
function lowered(chunk: SourceChunk): string {
  let text = lowerCache.get(chunk);
  if (text === undefined) {
    text = chunk.content.toLowerCase();
    lowerCache.set(chunk, text);
  }
  return text;
}

/** The other terms that contain this one ("positive reinforcement" for "reinforcement"). */
export function longerTermsOf(term: string, allTerms: readonly string[]): string[] {
  return allTerms.filter((t) => t.length > term.length && mentions(t, [term]));
}

/** Replaces mentions of the longer terms, so a search for "reinforcement" does not find "positive reinforcement". */
function maskLongerTerms(text: string, longer: readonly string[]): string {
  return longer.length > 0 ? text.replace(formsPattern(longer), '⟨other term⟩') : text;
}

/**
 * A sentence of the body text that defines the term and reads alone (cloze material): it names the term in a
 * defining construction ("X is the…", "is called X", "X: …", "X, which is…", bold X), mentions it once,
 * carries at least half of the glossary definition's content words, and does not lean on the sentence before.
 */
function definingSentence(sentences: string[], term: KeyTerm, longer: readonly string[]): string | undefined {
  const forms = [term.term, ...term.aliases].map(escapeRegExp).join('|');
  const defining = new RegExp(
    `\\*\\*(?:${forms})|(?:called|known as|referred to as|termed)\\s+(?:the\\s+)?(?:${forms})|(?:${forms})(?:e?s)?\\*{0,2}\\s*(?:\\([^)]*\\))?\\s*(?::|,\\s*which\\s+(?:is|are|describes|means)|\\s(?:is|are)\\s+(?:a|an|the|when|how|what)\\b|\\srefers?\\s+to|\\sis\\s+defined\\s+as)`,
    'i',
  );
  const definitionStems = new Set(contentStems(term.definition));
  for (const raw of sentences) {
    const masked = maskLongerTerms(raw, longer);
    if (!defining.test(masked)) continue;
    const text = stripMarkdown(raw).replace(/\s*\([^()]*\b(?:1[89]|20)\d{2}[a-z]?\)/g, '').trim();
    const words = text.split(/\s+/).length;
    if (words < 8 || words > 45 || ANAPHOR_START.test(text) || /figure|table|\bsee\b|\?$|⟨/i.test(text)) continue;
    // "he formulated the …" leans on a person named in an earlier sentence.
    if (/\b(he|she|his|her|him|hers)\b/i.test(text)) continue;
    if ([...stripMarkdown(masked).matchAll(formsPattern([term.term, ...term.aliases]))].length !== 1) continue;
    const shared = new Set(contentStems(text).filter((s) => definitionStems.has(s))).size;
    if (shared >= Math.max(2, Math.ceil(definitionStems.size / 2))) return text;
  }
  return undefined;
}

/** Definitions stated in the body text: "**x** is a …", "**x**: …", "**x**, which is …" (key terms are lower case in running text). */
function bodyDefinitions(chunk: SourceChunk): { raw: string; definition: string }[] {
  const found: { raw: string; definition: string }[] = [];
  for (const sentence of sentencesOf(chunk.content)) {
    for (const match of sentence.matchAll(BOLD)) {
      const raw = match[1] ?? '';
      const atStart = (match.index ?? 0) === 0;
      const after = sentence.slice((match.index ?? 0) + match[0].length);
      const cue = /^\s*(?:\([^)]*\))?\s*(?::|,?\s+(?:is|are|refers to|refer to|is defined as|means)\s+|,\s+which\s+(?:is|are)\s+)(.+)$/i.exec(after);
      if (!cue?.[1]) continue;
      // Capitalised bold text followed by ":" is a list lead-in ("**Get enough sleep**: …"), not a key term.
      if (/^[\p{Lu}]/u.test(raw) && !(atStart && /^\s*(?:\([^)]*\))?\s+(is|are|refers)/.test(after))) continue;
      found.push({ raw: atStart ? decapitalise(raw) : raw, definition: cue[1] });
    }
  }
  return found;
}

/**
 * Finds the course's key terms: glossary entries ("**term**: definition" lines under a Key Terms / Glossary
 * heading, with or without the bold markers) and terms defined in bold in the body text, merged by stem. Each
 * term gets its home chunk (where the body text introduces it, so its topic is a real course section, not
 * "Key Terms") and, when one reads well alone, a defining sentence for cloze items.
 *
 * @example
 * const terms = extractKeyTerms(chunks); // → [{ term: 'classical conditioning', definition: 'learning in which …', … }, …]
 */
export function extractKeyTerms(chunks: readonly SourceChunk[]): KeyTerm[] {
  const vocabulary = learnVocabulary(chunks);
  const byKey = new Map<string, KeyTerm>();
  const rawText = chunks.map((c) => stripMarkdown(c.content)).join('\n');
  const add = (raw: string, rawDefinition: string, chunk: SourceChunk, source: KeyTerm['source'], article?: string) => {
    const abbreviated = splitAbbreviation(stripMarkdown(raw));
    const { aliases } = abbreviated;
    const term = courseCase(withoutCategoryNoun(abbreviated.term), rawText);
    if (!isPlausibleTerm(term)) return;
    const split = splitDefinition(rawDefinition);
    // "a good mechanism for …, but it has another use": the clause after ", but" is commentary.
    // So is a clause after ", however" / ", although" / ", whereas" ("a separate entity from the FSF, however we …").
    if (source === 'prose') split.definition = split.definition.replace(/,\s+(?:but|however|although|though|whereas|while)\s.*$/, '');
    if (termProblems(term, split.definition).length > 0) return;
    const defWords = split.definition.split(/\s+/).length;
    if (defWords < 3 || defWords > 40 || /https?:|creative commons|\bcc by\b|\blicen[cs]e\b/i.test(split.definition)) return;
    // A definition that names its own term gives the answer away.
    if (mentions(split.definition, [term])) return;
    // A bare predicate ("has innate reinforcing qualities") reads as a noun phrase with "something that".
    // A prose definition's predicate is already a noun phrase ("The Hurd is a set of servers …"), and a word followed
    // by "of" is a noun ("set of servers"), not a verb: neither becomes "something that set of servers".
    const [firstWord, secondWord] = split.definition.split(/\s+/);
    if (source !== 'prose' && !/^something\b/.test(split.definition) && secondWord?.toLowerCase() !== 'of' && vocabulary.isVerb(firstWord ?? '')) split.definition = `something that ${split.definition}`;
    const key = termKey(term);
    if (!key || byKey.has(key)) return;
    const form = definitionForm(split.definition, vocabulary);
    byKey.set(key, {
      key, term, aliases: [...aliases, ...split.aliases], definition: split.definition, form,
      // A prose definition keeps the article its text gives it; otherwise the course's usage decides.
      phrase: form === 'phrase' ? (article && !/^(?:a|an|the|something)\s/i.test(split.definition) ? `${article} ${split.definition}` : withArticle(split.definition, vocabulary)) : split.definition, source,
      definitionChunk: chunk, homeChunk: chunk, textSentence: undefined,
    });
  };
  const isGlossary = (chunk: SourceChunk) => GLOSSARY_HEADING.test(chunk.headingPath.at(-1) ?? '');
  for (const chunk of chunks.filter(isGlossary)) {
    for (const line of chunk.content.split('\n')) {
      const match = GLOSSARY_LINE.exec(line);
      if (match) add(match[1] ?? '', match[2] ?? '', chunk, 'glossary');
    }
  }
  const body = chunks.filter((c) => !isGlossary(c));
  for (const chunk of body) {
    for (const found of bodyDefinitions(chunk)) add(found.raw, found.definition, chunk, 'bold');
  }
  // Plain prose defines terms too ("dpkg is the program that handles .deb files"): read after the marked-up ones.
  const courseText = body.map((c) => stripMarkdown(c.content).toLowerCase()).join('\n');
  const headings = [...new Set(chunks.flatMap((c) => [c.documentTitle, ...c.headingPath]))].join(' | ').toLowerCase();
  for (const chunk of body) {
    if (NON_TOPIC_HEADING.test(chunk.headingPath.at(-1) ?? '')) continue;
    for (const found of proseDefinitions(chunk, vocabulary, courseText, headings)) add(found.raw, found.definition, chunk, 'prose', found.article);
  }
  const allTerms = [...byKey.values()].flatMap((t) => [t.term, ...t.aliases]);
  for (const term of byKey.values()) placeInBody(term, chunks, allTerms);
  return [...byKey.values()];
}

/** Sets the term's home chunk (the body chunk that defines it, else first uses it; same document first) and its cloze sentence. */
function placeInBody(term: KeyTerm, chunks: readonly SourceChunk[], allTerms: readonly string[]): void {
  const forms = [term.term, ...term.aliases];
  const longer = longerTermsOf(term.term, allTerms);
  // A cheap substring check first: most chunks never mention most terms.
  const needles = forms.map((f) => f.toLowerCase().slice(0, 5));
  const uses = (c: SourceChunk) => needles.some((n) => lowered(c).includes(n)) && mentions(maskLongerTerms(c.content, longer), forms);
  const heading = (c: SourceChunk) => c.headingPath.at(-1) ?? '';
  const rank = (c: SourceChunk) => (GLOSSARY_HEADING.test(heading(c)) ? 3 : NON_TOPIC_HEADING.test(heading(c)) ? 1 : 0)
    + (c.documentId === term.definitionChunk.documentId ? 0 : 4);
  const candidates = chunks.filter((c) => rank(c) % 4 < 3 && uses(c)).sort((a, b) => rank(a) - rank(b));
  // The home (and so the topic and the passage an explanation cites) is the chunk whose sentence defines the
  // term, when the body has one: the first use can be another sense ("a mathematical model" before "a model
  // performs a behavior"). Otherwise it is the best-placed use.
  if (candidates[0]) term.homeChunk = bestSenseMatch(term, candidates.filter((c) => rank(c) === rank(candidates[0]!)));
  for (const chunk of candidates) {
    const sentence = definingSentence(sentencesOf(chunk.content), term, longer);
    if (sentence) {
      term.textSentence = { text: sentence, chunk };
      if (rank(chunk) === rank(term.homeChunk)) term.homeChunk = chunk;
      return;
    }
  }
}

/**
 * Of the chunks that use a term, the one whose words share most with the term's definition (the earliest on a
 * tie): the use in the defined sense, not an earlier use of the word in another sense.
 */
function bestSenseMatch(term: KeyTerm, uses: readonly SourceChunk[]): SourceChunk {
  const definition = new Set(contentStems(term.definition));
  let best = uses[0]!;
  let bestShared = -1;
  for (const chunk of uses) {
    const shared = new Set(contentStems(chunk.content).filter((s) => definition.has(s))).size;
    if (shared > bestShared) { best = chunk; bestShared = shared; }
  }
  return best;
}
