import type { BuildContext } from './build-questions.js';
import { stemOverlap } from './item-gate.js';
import { capitalise, contentStems, sentencesOf, shuffled, stripMarkdown } from './text.js';
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

/**
 * The list points of a course: paragraphs of 2–25 words in a chunk that holds at least three of them, under a
 * heading (each point its first sentence). Lines of a worksheet (blanks, lettered answers), questions and lead-ins ending in ":" are left out.
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
    const lines = stripMarkdown(chunk.content).split(/\n+/)
      .map((l) => (sentencesOf(l.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, ''))[0]?.trim() ?? '').replace(/\s+(?:e\.g|i\.e|cf|etc)\.?$/i, '').trim())
      .filter(Boolean);
    const fit = lines.filter((l) => words(l) >= 2 && words(l) <= 25 && /^[\p{Lu}]/u.test(l) && !/[?:]$|_{3,}|^[A-Z][.)]\s|https?:/u.test(l)
      && l !== heading && l !== section);
    if (fit.length < 3) continue;
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
  const choices = shuffled([point.text, ...picked.map((p) => p.text)], ctx.rng);
  return {
    type: 'multiple_choice', tier: 1, strategy: 'recall-list',
    prompt: `Which of these does the course list under “${point.section}”?`, choices,
    answer: { kind: 'choice', index: choices.indexOf(point.text), text: point.text },
    explanation: `The course lists “${point.text.replace(/[.!]$/, '')}” under ${capitalise(point.section)}${point.heading !== point.section ? ` (${point.heading})` : ''}.`,
    topicId: point.chunk.topicId, chunkIds: [point.chunk.id],
    optionNotes: picked.map((p) => ({ choice: p.text, note: `The course lists that under ${p.section}, not ${point.section}.`, chunkId: p.chunk.id })),
  };
}

const STRUCTURAL_HEADING = /^(?:(?:chapter|section|part)\s+)?\d+(?:\.\d+)*\.?\s|^(?:what|why|how|when|where|which|who|can|could|is|are|do|does|should|will|would|i)\b/i;

/** The headings of one document that share a point's parent heading and level (the point's own included), each with its points. */
function siblingHeadings(point: ListPoint, all: readonly ListPoint[]): Map<string, ListPoint[]> {
  const parent = point.chunk.headingPath.slice(0, -1).join('\u0000');
  const depth = point.chunk.headingPath.length;
  const siblings = new Map<string, ListPoint[]>();
  for (const p of all) {
    const path = p.chunk.headingPath;
    if (p.chunk.documentId !== point.chunk.documentId || path.length !== depth || path.slice(0, -1).join('\u0000') !== parent) continue;
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
  if (point.chunk.headingPath.length < 2) return undefined;
  // Numbered section titles and headings that ask a question ("3.1.9. What happens when …?") divide a document into
  // entries; the paragraphs under them answer the entry, they are not points grouped by an aim.
  if (point.chunk.headingPath.some((h) => STRUCTURAL_HEADING.test(h.trim()))) return undefined;
  // A word the point shares with its heading gives the key away ("Identify and reward what you value" → "Establish value").
  const pointStems = new Set(contentStems(point.text));
  if (contentStems(point.heading).some((s) => pointStems.has(s))) return undefined;
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
