import type { BuildContext } from './build-questions.js';
import { withStemCueShared } from './item-gate.js';
import { leansOnEarlierText } from './term-quality.js';
import { capitalise, contentStems, sentencesOf, shuffled, stemOverlap, stripMarkdown } from './text.js';
import type { GeneratedQuestion, SourceChunk } from './types.js';

/**
 * A point of a list the course gives under a heading ("Motivation – what to do": "Provide targeted feedback.").
 * Short courses — a handout, a worksheet, a slide deck — are mostly such lists and define few terms; "which of
 * these does the course list under <heading>?" is still a fair recall item, when the other choices come from
 * lists under a different part of the course.
 *
 * @example
 * point.text; // 'Provide targeted feedback.'
 * point.section; // 'Motivation – what to do'
 */
export interface ListPoint { text: string; section: string; heading: string; chunk: SourceChunk }

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
// Openings that tie a sentence to the one before: conjunctions, connectives, demonstratives and pronouns, the
// steps of a story or an example (English grammar, not any course's words).
const NARRATIVE_START = /^(?:but|and|or|so|then|now|also|however|thus|therefore|rather|instead|alternatively|still|yet|let['’]s|let us|imagine|suppose|after|afterwards|later|meanwhile|since|in (?:our|this|that|these|most|such)|at this|for example|for instance|note that|this|these|those|that|such|it|they|he|she|its|their|here|there)\b/i;
// A sentence that ends on a determiner or an instrument verb stood before a command the text showed apart.
const CUT_BEFORE_CODE = /\b(?:the|a|an|following)\.?$|(?:^|,\s*)(?:\p{L}+\s+)?(?:run|do|use|type|enter|execute)\.?$/iu;
/** A line of at most this many words reads as a list item; a prose paragraph is longer. */
const SHORT_LINE = 30;

/**
 * The list points of a course: real list items — lines marked as items, lines after a lead-in ending in ":", or
 * lines of at most 30 words where such lines make up at least two thirds of the chunk — of 2–25 words (each point
 * its first sentence), at least three in a chunk under a heading. Lines of a worksheet (blanks, lettered answers),
 * questions and lead-ins ending in ":" are left out.
 *
 * @example
 * const points = findListPoints(chunks);
 */
export function findListPoints(chunks: readonly SourceChunk[]): ListPoint[] {
  const points: ListPoint[] = [];
  const seen = new Set<string>();
  for (const chunk of chunks) {
    const heading = chunk.headingPath.at(-1);
    const section = chunk.headingPath[0];
    if (!heading || !section) continue;
    // A point is its first sentence ("Articulate the expectations. Don't expect …" → the first).
    // An abbreviation the splitter ended the sentence on ("Use positive language. e.g.") is not part of the point.
    // Only real list items are points: a line marked as an item (bullet, number), a line after a lead-in that ends
    // in ":" ("please follow these rules:"), or a short line among short lines. The paragraphs of a prose answer
    // ("These distributions are Debian based. But they are not Debian. …") are not a list.
    const paragraphs = stripMarkdown(chunk.content).split(/\n+/).map((l) => l.trim()).filter((l) => l && l !== heading && l !== section);
    const leadIn = paragraphs.findIndex((l) => /:$/.test(l));
    const listLike = paragraphs.map((l, i) => /^(?:[-*•]|\d+[.)])\s+/.test(l) || (leadIn >= 0 && i > leadIn && words(l) <= 60) || words(l) <= SHORT_LINE);
    const itemCount = listLike.filter(Boolean).length;
    if (itemCount < 3 || itemCount < (2 / 3) * paragraphs.filter((l) => !/:$/.test(l)).length) continue;
    const lines = paragraphs.filter((_, i) => listLike[i])
      .map((l) => (sentencesOf(l.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, ''))[0]?.trim() ?? '').replace(/\s+(?:e\.g|i\.e|cf|etc)\.?$/i, '').trim())
      .filter(Boolean);
    const fit = lines.filter((l) => words(l) >= 2 && words(l) <= 25 && /^[\p{Lu}]/u.test(l) && !/[?:]$|_{3,}|^[A-Z][.)]\s|https?:/u.test(l)
      && l !== heading && l !== section);
    // A list's items stand alone; sentences of a story lean on the one before ("But on July 3rd …", "So …",
    // "This new version …") or end where a command was shown ("Then run."). A chunk where a third of them do is prose.
    // "Release: 7.4.", "Codename: sid.": a program's output (a field and one value), not a point.
    // A demonstrative inside ("more detail on these choices") or a cross-reference ("See section …") leans elsewhere too.
    const standing = fit.filter((l) => !NARRATIVE_START.test(l) && !CUT_BEFORE_CODE.test(l) && !leansOnEarlierText(l) && !/^see\b/i.test(l)
      && !/^[\p{L}\p{N} -]{1,24}:\s+\S+$/u.test(l)
      // "Unpacking man-db (2.9.4-2) ...": progress output; "Example 5.2.": a caption.
      && !/\.\.\.\.?$|^\p{Lu}\p{Ll}+\s+\d+(?:\.\d+)*\.?$/u.test(l));
    if (standing.length < 3 || standing.length < (2 / 3) * fit.length) continue;
    fit.splice(0, fit.length, ...standing);
    for (const text of fit) {
      const key = text.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      points.push({ text: /[.!]$/.test(text) ? text : `${text}.`, section, heading, chunk });
    }
  }
  return points;
}

/**
 * Tier 1, recall of a list: "Which of these does the course list under “<section>”?" — the key is a point of
 * that section's lists; the distractors are points of lists in other top-level sections (so exactly one is
 * right), closest in length first. Returns undefined when the course has too few.
 *
 * @example
 * listQuestion(ctx, point, points);
 */
export function listQuestion(ctx: BuildContext, point: ListPoint, all: readonly ListPoint[]): GeneratedQuestion | undefined {
  const length = words(point.text);
  // Same kind: a short label ("Active learning.") only with labels, a sentence of advice only with sentences.
  const short = (p: ListPoint) => words(p.text) <= 3;
  const others = all.filter((p) => p.section !== point.section && short(p) === short(point) && stemOverlap(p.text, point.text) < 0.5
    && !all.some((q) => q.section === point.section && stemOverlap(q.text, p.text) >= 0.5));
  const byLength = [...others].sort((a, b) => Math.abs(words(a.text) - length) - Math.abs(words(b.text) - length));
  const picked: ListPoint[] = [];
  for (const candidate of shuffled(byLength.slice(0, 8), ctx.rng)) {
    if (picked.length === 3) break;
    if (!picked.some((p) => stemOverlap(p.text, candidate.text) >= 0.5)) picked.push(candidate);
  }
  if (picked.length < 3) return undefined;
  // A point sharing a word with the section's title is no cue when a distractor shares one too.
  const pool = byLength.filter((c) => !picked.some((p) => p !== picked[2] && stemOverlap(p.text, c.text) >= 0.5));
  const distractors = withStemCueShared(point.section, point.text, picked, pool, (p) => p.text);
  const choices = shuffled([point.text, ...distractors.map((p) => p.text)], ctx.rng);
  return {
    type: 'multiple_choice', tier: 1, strategy: 'recall-list',
    prompt: `Which of these does the course list under “${point.section}”?`, choices,
    answer: { kind: 'choice', index: choices.indexOf(point.text), text: point.text },
    explanation: `The course lists “${point.text.replace(/[.!]$/, '')}” under ${capitalise(point.section)}${point.heading !== point.section ? ` (${point.heading})` : ''}.`,
    topicId: point.chunk.topicId, chunkIds: [point.chunk.id],
    optionNotes: distractors.map((p) => ({ choice: p.text, note: `The course lists that under ${p.section}, not ${point.section}.`, chunkId: p.chunk.id })),
  };
}

const STRUCTURAL_HEADING = /^(?:(?:chapter|section|part)\s+)?\d+(?:\.\d+)*\.?\s|^(?:what|why|how|when|where|which|who|can|could|is|are|do|does|should|will|would|i)\b/i;

/**
 * The sibling headings of a passage: same document, same parent heading, same level. Points under sibling headings
 * are the aims one part of a document groups its advice by.
 *
 * @example
 * siblingGroupOf(point.chunk) === siblingGroupOf(other.chunk); // → true when the two sit under sibling headings
 */
export const siblingGroupOf = (chunk: SourceChunk): string =>
  `${chunk.documentId}\u0000${chunk.headingPath.slice(0, -1).join('\u0000')}\u0000${chunk.headingPath.length}`;

/**
 * A point that sits under an aim: a sub-heading (depth ≥ 2) in a document not divided into numbered or question
 * entries ("3.1.9. What happens when …?": the paragraphs under it answer the entry, they are not points grouped by
 * an aim), and sharing no word with its heading (which would give the pairing away: "Identify and reward what you
 * value" → "Establish value").
 *
 * @example
 * isPointUnderAim(point); // → true for "Provide early success opportunities" under "Build self-efficacy"
 */
export function isPointUnderAim(point: ListPoint): boolean {
  if (point.chunk.headingPath.length < 2) return false;
  if (point.chunk.headingPath.some((h) => STRUCTURAL_HEADING.test(h.trim()))) return false;
  const pointStems = new Set(contentStems(point.text));
  return !contentStems(point.heading).some((s) => pointStems.has(s));
}

/** The headings of one document that share a point's parent heading and level (the point's own included), each with its points. */
function siblingHeadings(point: ListPoint, all: readonly ListPoint[]): Map<string, ListPoint[]> {
  const group = siblingGroupOf(point.chunk);
  const siblings = new Map<string, ListPoint[]>();
  for (const p of all) {
    if (siblingGroupOf(p.chunk) !== group) continue;
    siblings.set(p.heading, [...(siblings.get(p.heading) ?? []), p]);
  }
  return siblings;
}

/**
 * Tier 2, explain a list's structure: "Which heading does the course list “Provide early success opportunities” under?"
 * — the options are the headings of the same level under the same parent heading of the same document (the aims
 * a handout groups its advice by: "Establish value …", "Build positive expectations …", "Build self-efficacy …");
 * the key is the heading the point sits under. Knowing it means knowing what the point is for, not only that the
 * course mentions it. Built only where a point sits under a sub-heading (depth ≥ 2) with at least two sibling
 * headings that hold points of their own, and no sibling holds a point much like this one (one defensible key).
 * Returns undefined otherwise.
 *
 * @example
 * listHeadingQuestion(ctx, point, points);
 */
export function listHeadingQuestion(ctx: BuildContext, point: ListPoint, all: readonly ListPoint[]): GeneratedQuestion | undefined {
  if (!isPointUnderAim(point)) return undefined;
  const siblings = siblingHeadings(point, all);
  const others = [...siblings.keys()].filter((h) => h !== point.heading
    && !(siblings.get(h) ?? []).some((p) => stemOverlap(p.text, point.text) >= 0.5));
  if (others.length < 2) return undefined;
  const picked = shuffled(others, ctx.rng).slice(0, 3);
  const choices = shuffled([point.heading, ...picked], ctx.rng);
  const text = point.text.replace(/[.!]$/, '');
  const parent = point.chunk.headingPath.at(-2) ?? point.section;
  const example = (h: string) => (siblings.get(h) ?? [])[0];
  return {
    type: 'multiple_choice', tier: 2, strategy: 'explain-list-heading',
    prompt: `Which heading does the course list “${text}” under?`, choices,
    answer: { kind: 'choice', index: choices.indexOf(point.heading), text: point.heading },
    explanation: `Under ${capitalise(parent)}, the course lists “${text}” under “${point.heading}”.`,
    topicId: point.chunk.topicId, chunkIds: [point.chunk.id],
    optionNotes: picked.map((h) => ({
      choice: h, note: `Under “${h}” the course lists other points, such as “${(example(h)?.text ?? '').replace(/[.!]$/, '')}”.`, chunkId: example(h)?.chunk.id ?? point.chunk.id,
    })),
  };
}
