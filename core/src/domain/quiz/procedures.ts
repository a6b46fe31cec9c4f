import type { BuildContext } from './build-questions.js';
import type { KeyTerm } from './extract-terms.js';
import {
  capitalise, danglingPronoun, contentStems, mentions, sentencesOf, shuffled, stemOverlap, stripMarkdown, withoutLeadingConnective,
} from './text.js';
import { withStemCueShared } from './item-gate.js';
import { leansOnEarlierText, strayQuote } from './term-quality.js';
import type { GeneratedQuestion, OptionNote, SourceChunk } from './types.js';
import { type CourseVocabulary, learnVocabulary } from './vocabulary.js';

/**
 * A means the text names for a purpose — how manuals, tutorials and how-to prose state procedures: "To remove
 * everything associated with a package, use the --purge option", "The built-in function dir() is used to find
 * out which names a module defines", "Patterns allow you to specify complex search queries", "The finally
 * clause is useful for releasing external resources". Material for tier 3 (apply: "You need to …; which of these
 * would you use?") and tier 2 (explain: "What is X used for?").
 *
 * @example
 * procedure.means;   // 'the -P or --purge option'
 * procedure.purpose; // 'completely remove everything associated with a package'
 * procedure.lead;    // 'to'
 */
export interface Procedure {
  means: string;
  /** What the means is for, without its lead word ("remove everything …", "releasing external resources"). */
  purpose: string;
  /** "to" (an infinitive purpose) or "for" (a gerund or noun purpose). */
  lead: 'to' | 'for';
  /** "code" when the means is written as code (a command, option, function, path), "phrase" otherwise. */
  kind: 'code' | 'phrase';
  sentence: string;
  chunk: SourceChunk;
}

// Instrument verbs and purpose constructions of English (grammar, not any subject's vocabulary).
const INSTRUMENT = 'use|run|type|call|invoke|execute|pass|enter|specify|add|set|write|employ|apply|try';
const PURPOSE_FIRST = new RegExp(
  `^to\\s+(.{8,140}?),\\s+(?:(?:you|one|we|users?|administrators?)\\s+(?:can|could|should|must|may|need to|have to|would|will)\\s+(?:also\\s+|simply\\s+|just\\s+)?|simply\\s+|just\\s+)?(?:${INSTRUMENT})\\s+(.{1,120})$`, 'i',
);
const USED_TO = /^(.{2,90}?)\s+(?:(?:can|could|may|should|will)\s+(?:also\s+)?be\s+|(?:is|are)\s+(?:also\s+|mainly\s+|mostly\s+|often\s+|typically\s+|usually\s+)?)used\s+(to|for)\s+(.{8,160})$/i;
const ALLOWS = /^(.{2,90}?)\s+(?:allows?|lets?|enables?)\s+(?:you|users?|one|us|the user|the administrator|administrators?|programmers?)\s+(?:to\s+)?(.{8,160})$/i;
const USEFUL = /^(.{2,90}?)\s+(?:is|are)\s+(?:also\s+|very\s+|particularly\s+|especially\s+|often\s+)?(?:useful|handy|convenient)\s+(to|for)\s+(.{8,160})$/i;
// "--listfiles package (or -L), which lists the files …": an option or command list item of a manual.
const WHICH_DOES = /^(--?[\w-]+|[a-z][\w.+-]*(?:\s+--?[\w-]+)?)(?:\s+[a-z]+)?\s*(?:\([^()]*\))?,?\s+which\s+([a-z]+s)\s+(.{8,160})$/;
// "The --force-confask option requires dpkg to …", "dpkg -L package lists …": a command or option doing something.
const CODE_DOES = /^(?:the\s+)?(\S+(?:\s+--?[\w-]+)?)(\s+(?:command|option|function|method|statement|program|tool|script|keyword|flag|parameter))?\s+(?:(can|will)\s+)?([a-z]+)\s+(.{8,160})$/i;
// States are no purposes ("the file contains …"): English verbs of being and having, not a subject's words.
const STATIVE = /^(is|are|was|were|be|been|has|have|had|contains?|includes?|consists?|holds?|belongs?|represents?|means?|refers?|seems?|appears?|remains?|becomes?|needs?|depends?|exists?|lies?|comes?|looks?|does|do|did|may|might|must|should|would|could|shall)$/i;
const COMMAND_LEAD = new RegExp(`\\b(?:${INSTRUMENT})\\s+the\\s+following\\s+command(?:\\s+line)?\\s+to\\s+(.{8,140}?):$`, 'i');
const COMMAND_LINE = /^[$#]\s+(\S.{0,70})$/;
// "To display the default target, run the command" / "To view all installed packages, run:" and, on the next
// line, the command the text shows apart ("systemctl get-default"): the command is the means.
const PURPOSE_THEN_COMMAND = new RegExp(
  `^to\\s+(.{8,140}?),\\s+(?:(?:you|one)\\s+(?:can|could|should|must|may|need to|have to)\\s+)?(?:also\\s+|simply\\s+|just\\s+)?(?:${INSTRUMENT})(?:\\s+the(?:\\s+following)?\\s+command(?:\\s+line)?|\\s+(?:it\\s+)?(?:as\\s+(?:in\\s+)?)?(?:the\\s+following|follows|below))?\\s*:?$`, 'i',
);
// A line shown apart as a command: a prompt sign, or a lower-case program name and at most six arguments, no sentence;
// environment settings may come first ("LANG=C sort file").
const SHOWN_COMMAND = /^(?:[$#]\s+)?((?:[A-Z_][A-Z0-9_]*=\S+\s+)*[a-z][\w.+-]*(?:\s+[^\s]+){0,6})$/;
// A means ends where its sentence goes on to something else.
const MEANS_END = /\s*(?:[,;]|:\s|\s[—–]\s|\s(?:which|that|followed|without|with|instead|to|if|when|so|as|in order|on|from|at|for|whenever|unless|because|since|and then)\s).*$/i;
// Pronouns and demonstratives: a subject that leans on an earlier sentence is no means.
const ANAPHOR = /^(this|that|these|those|it|its|they|them|their|there|here|such|which|who|what|one|some|all|each|both|either|neither|he|she|we|you|i|sometimes|often|usually|then|several|many|few|various|most|numerous)\b|\b(it|they|this|these|those)$/i;
// A number or quantifier opening a noun phrase counts things instead of naming one.
const QUANTITY = /^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|dozens?|hundreds?|thousands?|multiple|a few|a number of|a couple of|a lot of|lots of|plenty of|a variety of)\b/i;
const VAGUE_PURPOSE = /^(do|doing|achieve|accomplish|get|make|go)\s+(so|this|that|it|these|those|something)\b|^(this|that|it|these|those|them)\b/i;

/** Code: a command, option, function call, path or identifier (symbols or a digit inside a word), not prose. */
export function isCodeLike(text: string): boolean {
  return /\w\(|\(\)|[_./:=$#<>[\]{}]|(?:^|\s)--?[a-z]|[a-z]\d|\d[a-z]|[a-z][A-Z]/.test(text);
}

function cleanMeans(raw: string): string | undefined {
  const means = raw.replace(/\s\([\p{L}\s,-]*\)/gu, '').replace(MEANS_END, '').replace(/[.!:]+$/, '').trim();
  const words = means.split(/\s+/);
  if (means.length < 2 || words.length > 8 || ANAPHOR.test(means) || !/\p{L}/u.test(means.replace(/^the\s+/i, ''))) return undefined;
  // A means names something specific: not a count ("Two main open protocols"), not a determiner and a generic
  // noun ("the command", "a tool": which one?), not a fragment of a quotation ("ls'").
  if (QUANTITY.test(means) || strayQuote(means)) return undefined;
  if (/^(?:the|a|an)\s+\p{Ll}+$/u.test(means) && !isCodeLike(means)) return undefined;
  // "searching the phrase …": a gerund names an action, not a thing one uses.
  if (/^\p{Ll}+ing\s/u.test(means) && !isCodeLike(means)) return undefined;
  // A means is a noun phrase: it does not end in a function word ("the", "of") or hold a finite clause.
  if (/\b(the|a|an|of|and|or|by|in|is|are|was|were|can|will|has|have)$/i.test(means)) return undefined;
  // Nor on a word that announces more ("Editor programs such" cut from "such as vim"), nor on a preposition; and it
  // does not open with "as" or a preposition ("as the following": a pointer to what comes next, not a thing).
  if (/\s(?:such|as|like|including|namely|to|for|with|from|into|on|at|via|than|about)$/i.test(means)) return undefined;
  if (/^(?:as|such|like|to|for|with|from|into|on|at|via|by|in|of|about|below|above|following|follows)\b/i.test(means) && !isCodeLike(means)) return undefined;
  // "the -P or --purge option", "the sorted() function": code is named by itself, like the other choices.
  const bare = /^(?:the\s+)?(.+?)\s+(?:option|command|program|tool|utility|function|method|statement|keyword|flag|parameter|field|variable)s?$/i.exec(means)?.[1]
    ?? /^(?:the\s+)?(?:[\w-]+\s+)?(?:function|method|command|option|statement|keyword|variable|module)\s+(\S+)$/i.exec(means)?.[1];
  if (bare && isCodeLike(bare) && (!/\s/.test(bare) || /^-\S+\s+or\s+-\S+$/.test(bare))) return bare;
  // The means is read inside a sentence ("what is the Alien package used for?"): its article is lower case.
  // So is a gerund's first letter ("what is installing the foo package used for?").
  return means.replace(/^The\s+(?=\S+\s)/u, 'the ').replace(/^\p{Lu}\p{Ll}+ing(?=\s)/u, (gerund) => gerund.toLowerCase());
}

function cleanPurpose(raw: string): string | undefined {
  // ", too" / "as well" at the end adds this means to another the text named before: not part of the purpose.
  const purpose = raw.replace(/\s*\([^()]*\)/g, '').replace(/[.!:;,]+$/, '').replace(/,?\s+(?:too|as well|also)$/i, '').trim();
  // "avoid specifying this option every time": a demonstrative points at a sentence the learner cannot see.
  if (VAGUE_PURPOSE.test(purpose) || leansOnEarlierText(purpose) || /^(it|them|they|he|she)\b/i.test(purpose) || contentStems(purpose).length < 2 || purpose.split(/\s+/).length > 28) return undefined;
  // "Voice Over IP: SIP and H.323": a colon introduces what the sentence lists, the purpose is not a purpose.
  if (/:\s/.test(purpose) || strayQuote(purpose)) return undefined;
  return purpose;
}

/** A subject that names a means: a short noun phrase without a pronoun start or an inner clause. */
function cleanSubject(raw: string): string | undefined {
  const subject = withoutLeadingConnective(raw).replace(/^(?:also|however|instead|similarly),?\s+/i, '').trim();
  if (/[,;:]/.test(subject) || subject.split(/\s+/).length > 7) return undefined;
  if (/\b(if|when|while|because|since|although|is|are|was|were|has|have|can|could|would|should|will)\b/i.test(subject)) return undefined;
  return cleanMeans(subject);
}

/** The base form of a third-person verb ("lists" → "list", "applies" → "apply", "matches" → "match"). */
export function baseForm(verb: string): string {
  if (/ies$/.test(verb)) return verb.replace(/ies$/, 'y');
  if (/(ss|sh|ch|x|z)es$/.test(verb) || /^(does|goes)$/.test(verb)) return verb.replace(/es$/, '');
  return verb.replace(/s$/, '');
}

/** "this package" in a manual's list item means whichever package is given. */
const generic = (purpose: string) => purpose.replace(/\b(?:this|that)\s+(?=[a-z])/g, 'a given ');

function functionalProcedure(text: string, sentence: string, chunk: SourceChunk, isVerb: (word: string) => boolean): Omit<Procedure, 'kind'> | undefined {
  if (/^(?:\.\.\.|>>>|[$#(])/.test(text) || /[=]/.test(text)) return undefined;
  const which = WHICH_DOES.exec(text);
  if (which && isCodeLike(which[1] ?? '') && isVerb(which[2] ?? '') && !STATIVE.test(which[2] ?? '')) {
    const purpose = cleanPurpose(generic(`${baseForm(which[2] ?? '')} ${which[3] ?? ''}`));
    return purpose ? { means: (which[1] ?? '').trim(), purpose, lead: 'to', sentence, chunk } : undefined;
  }
  const does = CODE_DOES.exec(text);
  const verb = does?.[4] ?? '';
  const modal = does?.[3];
  // After "the --list option" a third-person word is a verb even where the course's usage is too thin to say so.
  const verbal = isVerb(verb) || (Boolean(does?.[2]) && /[^s]s$/.test(verb));
  if (!does || !isCodeLike(does[1] ?? '') || STATIVE.test(verb) || !verbal) return undefined;
  if (!modal && !/[^s]s$/.test(verb)) return undefined;
  const means = cleanMeans(does[1] ?? '');
  const purpose = cleanPurpose(generic(`${modal ? verb : baseForm(verb)} ${does[5] ?? ''}`));
  return means && purpose && !/^[\d(]/.test(means) ? { means, purpose, lead: 'to', sentence, chunk } : undefined;
}

function procedureOf(sentence: string, next: string | undefined, chunk: SourceChunk, isVerb: (word: string) => boolean): (Omit<Procedure, 'kind'> & { shownApart?: boolean }) | undefined {
  const text = withoutLeadingConnective(sentence.replace(/\s*\((?:e\.g\.|i\.e\.|see|for example)[^()]*\)/gi, '')).trim();
  const command = COMMAND_LEAD.exec(text);
  const line = next ? COMMAND_LINE.exec(next.trim()) : null;
  if (command && line) {
    const purpose = cleanPurpose(command[1] ?? '');
    return purpose ? { means: (line[1] ?? '').trim(), purpose, lead: 'to', sentence: `${sentence} ${next}`, chunk } : undefined;
  }
  const lead = PURPOSE_THEN_COMMAND.exec(text.replace(/\.$/, ''));
  const shown = next ? SHOWN_COMMAND.exec(next.trim()) : null;
  if (lead && shown && !/\.$/.test(next?.trim() ?? '')) {
    const purpose = cleanPurpose(lead[1] ?? '');
    return purpose ? { means: (shown[1] ?? '').trim(), purpose, lead: 'to', sentence: `${sentence} ${next?.trim()}`, chunk, shownApart: true } : undefined;
  }
  const body = text.replace(/[.!]$/, '');
  let match = PURPOSE_FIRST.exec(body);
  if (match) {
    const purpose = cleanPurpose(match[1] ?? '');
    const means = cleanMeans(match[2] ?? '');
    return purpose && means ? { means, purpose, lead: 'to', sentence, chunk } : undefined;
  }
  for (const pattern of [USED_TO, USEFUL]) {
    match = pattern.exec(body);
    if (match) {
      const means = cleanSubject(match[1] ?? '');
      const purpose = cleanPurpose(match[3] ?? '');
      return means && purpose ? { means, purpose, lead: (match[2] ?? '').toLowerCase() === 'for' ? 'for' : 'to', sentence, chunk } : undefined;
    }
  }
  match = ALLOWS.exec(body);
  if (match) {
    const means = cleanSubject(match[1] ?? '');
    const purpose = cleanPurpose(match[2] ?? '');
    return means && purpose ? { means, purpose, lead: 'to', sentence, chunk } : undefined;
  }
  return functionalProcedure(body, sentence, chunk, isVerb);
}

/**
 * The procedures a course states, one per sentence (a command lead-in takes the command line after it): the
 * means must be a short noun phrase or a command, the purpose must say what it is for in its own words (not
 * "to do so"), and neither may name the other.
 *
 * @example
 * const procedures = findProcedures(chunks); // → [{ means: 'append()', purpose: 'add an item to the top of the stack', … }]
 */
export function findProcedures(chunks: readonly SourceChunk[], skipHeading: RegExp = /$^/, vocabulary: Pick<CourseVocabulary, 'isVerb'> = learnVocabulary(chunks)): Procedure[] {
  const found: Procedure[] = [];
  const seen = new Set<string>();
  for (const chunk of chunks) {
    if (skipHeading.test(chunk.headingPath.at(-1) ?? '')) continue;
    const sentences = sentencesOf(stripMarkdown(chunk.content));
    sentences.forEach((sentence, i) => {
      if (sentence.length > 400 || /\?$/.test(sentence)) return;
      const procedure = procedureOf(sentence, sentences[i + 1], chunk, (w) => vocabulary.isVerb(w));
      if (!procedure) return;
      if (mentions(procedure.purpose, [procedure.means]) || mentions(procedure.means, [procedure.purpose])) return;
      const key = `${procedure.means.toLowerCase()}|${contentStems(procedure.purpose).join(' ')}`;
      if (seen.has(key)) return;
      seen.add(key);
      // A command the text shows on a line of its own is code, even without symbols ("aptitude update").
      const { shownApart, ...stated } = procedure;
      found.push({ ...stated, kind: shownApart || isCodeLike(procedure.means) ? 'code' : 'phrase' });
    });
  }
  return found;
}


/** The shape of a means, so distractors look alike: an option, a call, a command line, a phrase. */
function shapeOf(means: string): string {
  if (/^(?:the\s+)?--?[a-z]/i.test(means)) return 'option';
  if (/\)\s*(?:function|method)?$/.test(means)) return 'call';
  if (isCodeLike(means) && /\s/.test(means)) return 'command';
  return isCodeLike(means) ? 'code' : 'phrase';
}

const purposeText = (p: Procedure) => `${p.lead} ${p.purpose}`;
const sameMeans = (a: string, b: string) => a.toLowerCase() === b.toLowerCase() || mentions(a, [b]) || mentions(b, [a]);

/**
 * Distractor means for a procedure: other procedures' means of the same kind (code with code), whose purpose is
 * not this one's (they would be right too), not named in this procedure's sentence; the same shape first
 * (options with options, calls with calls), then the course's key terms of the same kind.
 */
function distractorsFor(ctx: BuildContext, procedure: Procedure, all: readonly Procedure[], count = 3): { text: string; note: OptionNote }[] | undefined {
  const shape = shapeOf(procedure.means);
  // Same kind and comparable length (the gate holds back a one-word key among five-word options, and vice versa).
  const size = (text: string) => text.split(/\s+/).length;
  const comparable = (a: number, b: number) => Math.min(a, b) > 3 || Math.max(a, b) <= 4 * Math.min(a, b);
  const fits = (means: string, code = isCodeLike(means)) => !sameMeans(means, procedure.means) && !mentions(procedure.sentence, [means])
    && code === (procedure.kind === 'code') && comparable(size(means), size(procedure.means));
  const others = all.filter((p) => p !== procedure && fits(p.means, p.kind === 'code') && stemOverlap(p.purpose, procedure.purpose) < 0.5
    && !all.some((q) => sameMeans(q.means, p.means) && stemOverlap(q.purpose, procedure.purpose) >= 0.5));
  const drawn = [...shuffled(others.filter((p) => shapeOf(p.means) === shape), ctx.rng), ...shuffled(others.filter((p) => shapeOf(p.means) !== shape), ctx.rng)];
  // A key sharing a word with the purpose in the stem ("update your system" → "aptitude update") is no cue when a
  // distractor shares one too: such a means is drawn among the first three.
  const firstThree = withStemCueShared(procedure.purpose, procedure.means, drawn.slice(0, count), drawn.slice(count), (p) => p.means);
  const ranked = [...firstThree, ...drawn.filter((p) => !firstThree.includes(p))];
  const picked: { text: string; note: OptionNote }[] = [];
  for (const p of ranked) {
    if (picked.length === count) break;
    if (picked.some((d) => sameMeans(d.text, p.means))) continue;
    picked.push({ text: p.means, note: { choice: p.means, note: `The course uses ${p.means} ${purposeText(p)}.`, chunkId: p.chunk.id } });
  }
  // A key term stands among means only when it is one: code (a command, a file), or something the text says does
  // something ("something that converts …"); a concept ("a 4th stage of the boot process") is of another kind.
  const isMeans = (t: KeyTerm) => isCodeLike(t.term) || /^something\s+that\s/i.test(t.phrase);
  const termFits = (t: KeyTerm) => fits(t.term) && isMeans(t) && !picked.some((d) => sameMeans(d.text, t.term)) && !mentions(t.definition, [procedure.purpose]);
  for (const term of shuffled(ctx.terms.filter(termFits), ctx.rng)) {
    if (picked.length === count) break;
    picked.push({ text: term.term, note: { choice: term.term, note: `${capitalise(term.term)} is ${term.phrase}.`, chunkId: term.definitionChunk.id } });
  }
  return picked.length === count ? picked : undefined;
}

/**
 * Tier 3, apply a procedure: "You need to <purpose>. According to the course, which of these would you use?" — the key is
 * the means the course gives; distractors are means the course gives for other purposes (true elsewhere, wrong
 * here), of the same kind and shape. Returns undefined when the course has too few.
 *
 * @example
 * procedureQuestion(ctx, procedure, procedures); // → { tier: 3, strategy: 'apply-procedure', … }
 */
export function procedureQuestion(ctx: BuildContext, procedure: Procedure, all: readonly Procedure[]): GeneratedQuestion | undefined {
  const distractors = distractorsFor(ctx, procedure, all);
  if (!distractors) return undefined;
  const prompt = procedure.lead === 'to'
    ? `You need to ${procedure.purpose}. According to the course, which of these would you use?`
    : `According to the course, which of these would you use for ${procedure.purpose}?`;
  if (mentions(prompt, [procedure.means]) || distractors.some((d) => mentions(prompt, [d.text]))) return undefined;
  // "You need to install it": the purpose leans on a sentence the learner cannot see.
  if (danglingPronoun(procedure.purpose)) return undefined;
  const choices = shuffled([procedure.means, ...distractors.map((d) => d.text)], ctx.rng);
  return {
    type: 'multiple_choice', tier: 3, strategy: 'apply-procedure', prompt, choices,
    answer: { kind: 'choice', index: choices.indexOf(procedure.means), text: procedure.means },
    explanation: `The course says: “${procedure.sentence.trim()}”`,
    topicId: procedure.chunk.topicId, chunkIds: [...new Set([procedure.chunk.id, ...distractors.map((d) => d.note.chunkId).filter((id): id is string => Boolean(id))])],
    optionNotes: distractors.map((d) => d.note),
  };
}

/**
 * Tier 2, explain a purpose: "According to the course, what is <means> used for?" — the key is the purpose the
 * course states; distractors are purposes it states for other means (not sharing this purpose's words).
 *
 * @example
 * purposeQuestion(ctx, procedure, procedures); // → { tier: 2, strategy: 'explain-purpose', … }
 */
export function purposeQuestion(ctx: BuildContext, procedure: Procedure, all: readonly Procedure[]): GeneratedQuestion | undefined {
  const render = (p: Procedure) => capitalise(purposeText(p));
  const candidates = all.filter((p) => p !== procedure && p.lead === procedure.lead && !sameMeans(p.means, procedure.means)
    && stemOverlap(p.purpose, procedure.purpose) < 0.34 && !mentions(p.purpose, [procedure.means]));
  if (candidates.length < 3) return undefined;
  const length = procedure.purpose.length;
  const byLength = [...candidates].sort((a, b) => Math.abs(a.purpose.length - length) - Math.abs(b.purpose.length - length));
  const key = render(procedure);
  // A purpose sharing a word with the means ("aptitude update" → "To update your system …") is no cue when a
  // distractor's purpose shares a word of the means too.
  const distractors = withStemCueShared(procedure.means, key, shuffled(byLength.slice(0, 6), ctx.rng).slice(0, 3), byLength, render);
  const choices = shuffled([key, ...distractors.map(render)], ctx.rng);
  return {
    type: 'multiple_choice', tier: 2, strategy: 'explain-purpose',
    prompt: `According to the course, what is ${procedure.means} used for?`, choices,
    answer: { kind: 'choice', index: choices.indexOf(key), text: key },
    explanation: `The course says: “${procedure.sentence.trim()}”`,
    topicId: procedure.chunk.topicId, chunkIds: [procedure.chunk.id],
    optionNotes: distractors.map((d) => ({ choice: render(d), note: `That is what the course uses ${d.means} for.`, chunkId: d.chunk.id })),
  };
}
