import type { BuildContext } from './build-questions.js';
import type { StatedReason } from './explain-questions.js';
import type { Procedure } from './procedures.js';
import { capitalise, contentStems, danglingPronoun, decapitalise, escapeRegExp, mentions, sentencesOf, shuffled, stripMarkdown } from './text.js';
import type { GeneratedQuestion, OptionNote, SourceChunk } from './types.js';

/**
 * A relation the course states between two parts of one sentence: a means and what it is for ("dpkg -l" → "view
 * versions of all installed packages", from the procedures) or an effect and its cause (from the stated reasons).
 * Material for tier 4 when a course defines too few terms for swapped definitions (manuals, FAQs).
 *
 * @example
 * relation.left;  // 'dpkg -l'
 * relation.right; // 'view versions of all installed packages'
 * relation.link;  // 'to'
 */
export interface Relation {
  kind: 'purpose' | 'cause';
  /** The means (purpose) or the effect (cause). */
  left: string;
  /** The purpose without its lead word, or the cause (a purpose cause keeps its "so that"/"in order to"). */
  right: string;
  /** "to"/"for" before a purpose, "because" before a cause, "" when the cause carries its own link. */
  link: string;
  /** A means written as code ("dpkg -l") is not capitalised at a sentence start. */
  isCode: boolean;
  sentence: string;
  chunk: SourceChunk;
}

/**
 * The relations of a course: its procedures and its stated reasons, as pairs of parts. A cause opening with a
 * pronoun ("… because it adds …") or an effect with a pronoun of its own refers to its own sentence and is left
 * out: paired with another part it would point at the wrong thing.
 *
 * @example
 * const relations = relationsOf(findProcedures(chunks), findStatedReasons(chunks));
 */
export function relationsOf(procedures: readonly Procedure[], reasons: readonly StatedReason[]): Relation[] {
  const purposes = procedures.map((p): Relation => ({
    kind: 'purpose', left: p.means, right: p.purpose, link: p.lead, isCode: p.kind === 'code', sentence: p.sentence, chunk: p.chunk,
  }));
  const causes = reasons
    .filter((r) => !/^(?:(?:so that|in order to)\s+)?(it|its|they|them|their|this|that|these|those|he|she)\b/i.test(r.cause) && !danglingPronoun(r.effect))
    .map((r): Relation => {
      const carriesLink = /^(so that|in order to)\s/i.test(r.cause);
      return { kind: 'cause', left: r.effect.replace(/[,;]+$/, ''), right: r.cause.replace(/[.,;]+$/, ''), link: carriesLink ? '' : 'because', isCode: false, sentence: r.effect, chunk: r.chunk };
    });
  return [...purposes, ...causes];
}

/** The section a relation comes from: a distractor's parts must come from sections other than the key's. */
const sectionOf = (chunk: SourceChunk) => chunk.topicId ?? `${chunk.documentId}:${chunk.headingPath.join('/')}`;

const stemSet = (text: string) => new Set(contentStems(text));
function overlap(a: string, b: string): number {
  const sa = stemSet(a);
  const sb = stemSet(b);
  const union = new Set([...sa, ...sb]).size;
  return union === 0 ? 0 : [...sa].filter((s) => sb.has(s)).length / union;
}
const sameLeft = (a: string, b: string) => a.toLowerCase() === b.toLowerCase() || mentions(a, [b]) || mentions(b, [a]);

/** The course's sentences as stem sets (with their text, for code means), once per chunk list. */
const sentenceCache = new WeakMap<readonly SourceChunk[], { text: string; stems: Set<string> }[]>();
function courseSentences(chunks: readonly SourceChunk[]) {
  let sentences = sentenceCache.get(chunks);
  if (!sentences) {
    sentences = chunks.flatMap((c) => sentencesOf(stripMarkdown(c.content)).map((text) => ({ text, stems: stemSet(text) })));
    sentenceCache.set(chunks, sentences);
  }
  return sentences;
}

/** A sentence holds a part: a short code part by name, any other by most (60 %) of its content words. */
function holds(sentence: { text: string; stems: Set<string> }, part: string, isCode: boolean): boolean {
  if (isCode || part.split(/\s+/).length <= 3) return new RegExp(`(?:^|[^\\w-])${escapeRegExp(part)}(?![\\w-])`, 'i').test(sentence.text);
  const stems = contentStems(part);
  return stems.length > 0 && stems.filter((s) => sentence.stems.has(s)).length / stems.length >= 0.6;
}

/**
 * A swapped pairing is verifiably false: no relation of the course pairs this left part (or one naming it) with a
 * right part like this one, and no sentence of the course holds both parts.
 */
function pairingStated(left: Relation, right: Relation, all: readonly Relation[], chunks: readonly SourceChunk[]): boolean {
  if (all.some((r) => r.kind === left.kind && sameLeft(r.left, left.left) && overlap(r.right, right.right) >= 0.34)) return true;
  return courseSentences(chunks).some((s) => holds(s, left.left, left.isCode) && holds(s, right.right, false));
}

/** A statement of the course's kind: "dpkg -l is used to view …", "<effect> because <cause>." */
function statement(left: Relation, right: Relation): string {
  if (left.kind === 'purpose') return `${left.isCode ? left.left : capitalise(left.left)} ${isPlural(left) ? 'are' : 'is'} used ${right.link} ${right.right}.`;
  return `${capitalise(left.left)} ${right.link ? `${right.link} ` : ''}${causeMidSentence(right)}.`;
}

/** A prose means whose last word is a plural noun ("Patterns", "Prosocial models") takes "are". */
const isPlural = (r: Relation) => !r.isCode && !/\bof\b/i.test(r.left) && /\p{L}{2,}s$/u.test(r.left) && !/(ss|us|is|'s|’s)$/i.test(r.left);

/** A cause read mid-sentence: lower case, unless the passage writes its first word capitalised mid-sentence (a name). */
function causeMidSentence(r: Relation): string {
  const first = r.right.split(/\s+/)[0] ?? '';
  const isName = /^\p{Lu}/u.test(first) && new RegExp(`[\\p{Ll},] ${escapeRegExp(first)}\\b`, 'u').test(r.chunk.content);
  return isName || /^\p{Lu}{2}/u.test(first) ? r.right : decapitalise(r.right);
}

/** Where a relation is stated, for a note: the last heading of its passage (its first 60 characters, at a word). */
function placeOf(r: Relation): string {
  const heading = r.chunk.headingPath.at(-1) ?? r.chunk.documentTitle;
  return heading.length <= 60 ? heading : `${heading.slice(0, 60).replace(/\s+\S*$/, '')} …`;
}

/** What a relation says, in a note: "The course uses dpkg -l to view …" / "<effect> because <cause>". */
function stated(r: Relation): string {
  return r.kind === 'purpose' ? `the course uses ${r.left} ${r.link} ${r.right}` : `${decapitalise(r.left)} ${r.link ? `${r.link} ` : ''}${causeMidSentence(r)}`;
}

/**
 * Tier 4, synthesize across sections: "Which statement does the course support?" — the key pairs the two parts of
 * one relation the course states (a means and its purpose, or an effect and its cause); the three distractors
 * are statements of the same kind whose parts are real course text from three other sections, paired wrongly
 * (each left part with another distractor's right part, so every part appears exactly once). Every swapped
 * pairing is checked against the whole course: no relation and no sentence states it. Same kind first (code with
 * code, a purpose cause with purpose causes), right parts closest in length. Returns undefined when the course has
 * too few relations of the kind in other sections.
 *
 * @example
 * relationStatementsQuestion(ctx, relation, relations, chunks); // → { tier: 4, strategy: 'synthesize-swapped-purposes', … }
 */
export function relationStatementsQuestion(
  ctx: BuildContext, key: Relation, all: readonly Relation[], chunks: readonly SourceChunk[],
): GeneratedQuestion | undefined {
  const section = sectionOf(key.chunk);
  const sameLink = (r: Relation) => key.kind === 'purpose' || (r.link === '') === (key.link === '');
  const candidates = all.filter((r) => r !== key && r.kind === key.kind && sectionOf(r.chunk) !== section && sameLink(r)
    && !sameLeft(r.left, key.left) && overlap(r.right, key.right) < 0.34 && overlap(r.left, key.left) < 0.5);
  const size = key.right.length;
  const ranked = [...candidates].sort((a, b) => Number(b.isCode === key.isCode) - Number(a.isCode === key.isCode)
    || Math.abs(a.right.length - size) - Math.abs(b.right.length - size));
  const pool = shuffled(ranked.slice(0, 8), ctx.rng);
  // Three relations from three different sections (none the key's), whose swapped pairings the course never states.
  for (let i = 0; i < pool.length; i += 1) {
    for (let j = i + 1; j < pool.length; j += 1) {
      for (let k = j + 1; k < pool.length; k += 1) {
        const trio = [pool[i], pool[j], pool[k]] as [Relation, Relation, Relation];
        if (new Set(trio.map((r) => sectionOf(r.chunk))).size < 3) continue;
        if (trio.some((a, n) => trio.some((b, m) => n < m && (sameLeft(a.left, b.left) || overlap(a.right, b.right) >= 0.34)))) continue;
        const item = swappedItem(ctx, key, trio, all, chunks);
        if (item) return item;
      }
    }
  }
  return undefined;
}

function swappedItem(ctx: BuildContext, key: Relation, [x, y, z]: [Relation, Relation, Relation], all: readonly Relation[], chunks: readonly SourceChunk[]): GeneratedQuestion | undefined {
  // Of the two derangements of three, one in which no swapped pairing is stated anywhere in the course.
  const pairings = [[[x, y], [y, z], [z, x]], [[x, z], [y, x], [z, y]]] as [Relation, Relation][][];
  const swaps = pairings.find((pairs) => pairs.every(([left, right]) => !pairingStated(left, right, all, chunks)
    // A cause sharing words with the effect it is paired with may be a true reason for it, stated in other words.
    && (left.kind === 'purpose' || contentStems(right.right).every((s) => !stemSet(left.left).has(s)))));
  if (!swaps) return undefined;
  const correct = statement(key, key);
  const wrong = swaps.map(([left, right]) => statement(left, right));
  if (new Set([correct, ...wrong].map((s) => s.toLowerCase())).size < 4) return undefined;
  // Why a swapped statement is wrong: what its left part really goes with, and whose its right part is.
  const notes: OptionNote[] = swaps.map(([left, right]) => ({
    choice: statement(left, right),
    note: left.kind === 'purpose'
      ? `${capitalise(stated(left))} (${placeOf(left)}), not ${right.link} ${right.right}: for that it uses ${right.left} (${placeOf(right)}).`
      : `${capitalise(stated(left))} (${placeOf(left)}). The other reason is the course's for something else: ${stated(right)} (${placeOf(right)}).`,
    chunkId: left.chunk.id,
  }));
  const choices = shuffled([correct, ...wrong], ctx.rng);
  return {
    type: 'multiple_choice', tier: 4, strategy: key.kind === 'purpose' ? 'synthesize-swapped-purposes' : 'synthesize-swapped-causes',
    prompt: 'According to the course, which of these statements is accurate?', choices,
    answer: { kind: 'choice', index: choices.indexOf(correct), text: correct },
    explanation: `${key.kind === 'purpose' ? `The course says: “${key.sentence.trim()}”` : `The course says that ${stated(key)}`} (${placeOf(key)}). The other statements pair parts from other sections: `
      + `${swaps.map(([left]) => `${stated(left)} (${placeOf(left)})`).join('; ')}.`,
    topicId: key.chunk.topicId, chunkIds: [key.chunk.id], optionNotes: notes,
  };
}
