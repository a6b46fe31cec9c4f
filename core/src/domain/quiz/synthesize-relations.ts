import type { BuildContext } from './build-questions.js';
import type { StatedReason } from './explain-questions.js';
import { type ListPoint, isPointUnderAim, siblingGroupOf } from './lists.js';
import type { Procedure } from './procedures.js';
import { capitalise, contentStems, danglingPronoun, decapitalise, escapeRegExp, mentions, sentencesOf, shuffled, stemOverlap, stripMarkdown } from './text.js';
import type { GeneratedQuestion, OptionNote, SourceChunk } from './types.js';

/**
 * A relation the course states between two parts of one sentence: a means and what it is for ("dpkg -l" → "view
 * versions of all installed packages", from the procedures), an effect and its cause (from the stated reasons), or
 * a list point and the sub-heading it sits under (from the list points). Material for tier 4 when a course defines
 * too few terms for swapped definitions (manuals, FAQs, handouts).
 *
 * @example
 * relation.left;  // 'dpkg -l'
 * relation.right; // 'view versions of all installed packages'
 * relation.link;  // 'to'
 */
export interface Relation {
  kind: 'purpose' | 'cause' | 'list';
  /** The means (purpose), the effect (cause) or a list point (list). */
  left: string;
  /** The purpose without its lead word, the cause (a purpose cause keeps its "so that"/"in order to"), or the sub-heading a point sits under. */
  right: string;
  /** "to"/"for" before a purpose, "because" before a cause, "" when the cause carries its own link. */
  link: string;
  /** A means written as code ("dpkg -l") is not capitalised at a sentence start. */
  isCode: boolean;
  sentence: string;
  chunk: SourceChunk;
}

/**
 * The relations of a course: its procedures, its stated reasons and its points under sibling sub-headings, as pairs
 * of parts. A cause opening with a pronoun ("… because it adds …") or an effect with a pronoun of its own refers to
 * its own sentence and is left out: paired with another part it would point at the wrong thing.
 *
 * @example
 * const relations = relationsOf(findProcedures(chunks), findStatedReasons(chunks));
 */
export function relationsOf(procedures: readonly Procedure[], reasons: readonly StatedReason[], points: readonly ListPoint[] = []): Relation[] {
  const purposes = procedures.map((p): Relation => ({
    kind: 'purpose', left: p.means, right: p.purpose, link: p.lead, isCode: p.kind === 'code', sentence: p.sentence, chunk: p.chunk,
  }));
  const causes = reasons
    .filter((r) => !/^(?:(?:so that|in order to)\s+)?(it|its|they|them|their|this|that|these|those|he|she)\b/i.test(r.cause) && !danglingPronoun(r.effect))
    .map((r): Relation => {
      const carriesLink = /^(so that|in order to)\s/i.test(r.cause);
      return { kind: 'cause', left: r.effect.replace(/[,;]+$/, ''), right: r.cause.replace(/[.,;]+$/, ''), link: carriesLink ? '' : 'because', isCode: false, sentence: r.effect, chunk: r.chunk };
    });
  // Points under sub-headings that group advice by an aim (the rule of listHeadingQuestion).
  const lists = points
    .filter(isPointUnderAim)
    .map((p): Relation => ({ kind: 'list', left: p.text.replace(/[.!]$/, ''), right: p.heading, link: '', isCode: false, sentence: p.text, chunk: p.chunk }));
  return [...purposes, ...causes, ...lists];
}

/** The section a relation comes from: a distractor's parts must come from sections other than the key's (a list point's: its sub-heading). */
const sectionOf = (r: Relation) => (r.kind === 'list' ? `${siblingGroupOf(r.chunk)}\u0000${r.right}` : r.chunk.topicId ?? `${r.chunk.documentId}:${r.chunk.headingPath.join('/')}`);

const stemSet = (text: string) => new Set(contentStems(text));
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

/**
 * Whether a sentence holds a part: a short code part by name, any other by most (60 %) of its content words. Built
 * once per part, then tried on every sentence of the course.
 */
function holder(part: string, isCode: boolean): (sentence: { text: string; stems: Set<string> }) => boolean {
  if (isCode || part.split(/\s+/).length <= 3) {
    const named = new RegExp(`(?:^|[^\\w-])${escapeRegExp(part)}(?![\\w-])`, 'i');
    return (sentence) => named.test(sentence.text);
  }
  const stems = contentStems(part);
  return (sentence) => stems.length > 0 && stems.filter((s) => sentence.stems.has(s)).length / stems.length >= 0.6;
}

/** Whether `text` holds a content word of `other`. */
const sharesStem = (text: string, other: string) => {
  const stems = stemSet(text);
  return contentStems(other).some((s) => stems.has(s));
};

/**
 * A swapped pairing is verifiably false: no relation of the course pairs this left part (or one naming it) with a
 * right part like this one, and no sentence of the course holds both parts.
 */
function pairingStated(left: Relation, right: Relation, all: readonly Relation[], chunks: readonly SourceChunk[]): boolean {
  if (left.kind === 'list') {
    return all.some((r) => r.kind === 'list' && r.right === right.right && siblingGroupOf(r.chunk) === siblingGroupOf(right.chunk) && stemOverlap(r.left, left.left) >= 0.5)
      || sharesStem(left.left, right.right);
  }
  if (all.some((r) => r.kind === left.kind && sameLeft(r.left, left.left) && stemOverlap(r.right, right.right) >= 0.34)) return true;
  const holdsLeft = holder(left.left, left.isCode);
  const holdsRight = holder(right.right, false);
  return courseSentences(chunks).some((s) => holdsLeft(s) && holdsRight(s));
}

/** A statement of the course's kind: "dpkg -l is used to view …", "<effect> because <cause>." */
function statement(left: Relation, right: Relation): string {
  if (left.kind === 'list') return `The course lists “${left.left}” under “${right.right}”.`;
  // Code keeps its case, but an article before it opens the sentence ("The modprobe(8) program is used …").
  if (left.kind === 'purpose') return `${left.isCode ? left.left.replace(/^(?:the|a|an)\s/, (article) => capitalise(article)) : capitalise(left.left)} ${isPlural(left) ? 'are' : 'is'} used ${right.link} ${right.right}.`;
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
  if (r.kind === 'list') return `the course lists “${r.left}” under “${r.right}”`;
  return r.kind === 'purpose' ? `the course uses ${r.left} ${r.link} ${r.right}` : `${decapitalise(r.left)} ${r.link ? `${r.link} ` : ''}${causeMidSentence(r)}`;
}

/**
 * Tier 4, synthesize across sections: "Which statement does the course support?" — the key pairs the two parts of
 * one relation the course states (a means and its purpose, or an effect and its cause); the three distractors
 * are statements of the same kind whose parts are real course text from three other sections, paired wrongly
 * (each left part with another distractor's right part, so every part appears exactly once). Every swapped
 * pairing is checked against the whole course: no relation and no sentence states it. Same kind first (code with
 * code, a purpose cause with purpose causes), right parts closest in length. A list point is swapped with points
 * under its sibling sub-headings only (two when there are three siblings: a three-option item). Returns undefined
 * when the course has too few relations of the kind in other sections.
 *
 * @example
 * relationStatementsQuestion(ctx, relation, relations, chunks, promptsOfTheQuiz); // → { tier: 4, strategy: 'synthesize-swapped-purposes', … }
 */
export function relationStatementsQuestion(
  ctx: BuildContext, key: Relation, all: readonly Relation[], chunks: readonly SourceChunk[], avoidPrompts: ReadonlySet<string> = new Set(),
): GeneratedQuestion | undefined {
  const section = sectionOf(key);
  const sameLink = (r: Relation) => key.kind !== 'cause' || (r.link === '') === (key.link === '');
  // A list point's swaps come from its sibling sub-headings only (the aims one part of a document groups its points by).
  const reachable = (r: Relation) => key.kind !== 'list' || siblingGroupOf(r.chunk) === siblingGroupOf(key.chunk);
  const candidates = all.filter((r) => r !== key && r.kind === key.kind && sectionOf(r) !== section && sameLink(r) && reachable(r)
    && !sameLeft(r.left, key.left) && stemOverlap(r.right, key.right) < 0.34 && stemOverlap(r.left, key.left) < 0.5);
  // Closest in length: the right parts (purposes, causes), or the points themselves for lists.
  const measured = (r: Relation) => (key.kind === 'list' ? r.left.length : r.right.length);
  const size = measured(key);
  const ranked = [...candidates].sort((a, b) => Number(b.isCode === key.isCode) - Number(a.isCode === key.isCode)
    || Math.abs(measured(a) - size) - Math.abs(measured(b) - size));
  const pool = shuffled(ranked.slice(0, 8), ctx.rng);
  // Three relations from three different sections (none the key's), whose swapped pairings the course never states;
  // a list under only three sibling headings has two (a three-option item).
  const distinct = (group: Relation[]) => new Set(group.map(sectionOf)).size === group.length
    && !group.some((a, n) => group.some((b, m) => n < m && (sameLeft(a.left, b.left) || stemOverlap(a.right, b.right) >= 0.34)));
  for (const size of key.kind === 'list' ? [3, 2] : [3]) {
    for (const group of combinations(pool, size)) {
      // Another item of the quiz with the same four parts would have the same stem: the learner could not tell them apart.
      if (!distinct(group) || avoidPrompts.has(promptFor(key, group))) continue;
      const item = swappedItem(ctx, key, group, all, chunks);
      if (item) return item;
    }
  }
  return undefined;
}

/** The groups of `size` items of `items`, in order. */
function combinations<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  return items.flatMap((item, i) => combinations(items.slice(i + 1), size - 1).map((rest) => [item, ...rest]));
}

/** Why a swapped statement is wrong: what its left part really goes with, and whose its right part is. */
function swapNote(left: Relation, right: Relation): string {
  if (left.kind === 'purpose') return `${capitalise(stated(left))} (${placeOf(left)}), not ${right.link} ${right.right}: for that it uses ${right.left} (${placeOf(right)}).`;
  if (left.kind === 'list') return `The course lists “${left.left}” under “${left.right}”; under “${right.right}” it lists “${right.left}”, among others.`;
  return `${capitalise(stated(left))} (${placeOf(left)}). The other reason is the course's for something else: ${stated(right)} (${placeOf(right)}).`;
}

/**
 * The stem names the left parts of the four statements (in alphabetical order, so it points at none): a learner has
 * each of these items as its own prompt, and the exposure control, which goes by prompt, tells them apart.
 */
function promptFor(key: Relation, others: readonly Relation[]): string {
  const parts = [key, ...others].map((r) => r.left).sort((a, b) => a.localeCompare(b));
  const listed = `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
  if (key.kind === 'purpose') return `The course says what ${listed} are used for. Which of these statements is accurate?`;
  if (key.kind === 'list') return `The course lists “${parts.slice(0, -1).join('”, “')}” and “${parts.at(-1) ?? ''}” under different headings. Which of these statements is accurate?`;
  return 'According to the course, which of these statements gives a reason it states?';
}

const STRATEGY = { purpose: 'synthesize-swapped-purposes', cause: 'synthesize-swapped-causes', list: 'synthesize-swapped-list-headings' } as const;

function swappedItem(ctx: BuildContext, key: Relation, group: Relation[], all: readonly Relation[], chunks: readonly SourceChunk[]): GeneratedQuestion | undefined {
  // Of the derangements of the group (each left part with another's right part), one in which no swapped pairing is
  // stated anywhere in the course.
  const [x, y, z] = group as [Relation, Relation, Relation | undefined];
  const pairings: [Relation, Relation][][] = z ? [[[x, y], [y, z], [z, x]], [[x, z], [y, x], [z, y]]] : [[[x, y], [y, x]]];
  const swaps = pairings.find((pairs) => pairs.every(([left, right]) => !pairingStated(left, right, all, chunks)
    // A cause sharing words with the effect it is paired with may be a true reason for it, stated in other words.
    && (left.kind !== 'cause' || !sharesStem(left.left, right.right))));
  if (!swaps) return undefined;
  const correct = statement(key, key);
  const wrong = swaps.map(([left, right]) => statement(left, right));
  if (new Set([correct, ...wrong].map((s) => s.toLowerCase())).size < wrong.length + 1) return undefined;
  const notes: OptionNote[] = swaps.map(([left, right], i) => ({ choice: wrong[i] as string, note: swapNote(left, right), chunkId: left.chunk.id }));
  const choices = shuffled([correct, ...wrong], ctx.rng);
  // A list point's place is its heading, which the statement names already.
  const where = (r: Relation) => (r.kind === 'list' ? '' : ` (${placeOf(r)})`);
  const says = key.kind === 'purpose' ? `The course says: “${key.sentence.trim()}”${where(key)}.` : `${capitalise(stated(key))}${where(key)}.`;
  return {
    type: 'multiple_choice', tier: 4, strategy: STRATEGY[key.kind],
    prompt: promptFor(key, swaps.map(([left]) => left)), choices,
    answer: { kind: 'choice', index: choices.indexOf(correct), text: correct },
    explanation: `${says} The other statements pair parts from other sections: ${swaps.map(([left]) => `${stated(left)}${where(left)}`).join('; ')}.`,
    topicId: key.chunk.topicId, chunkIds: [key.chunk.id], optionNotes: notes,
  };
}
