import type { BuildContext } from './build-questions.js';
import { stemOverlap } from './item-gate.js';
import { capitalise, sentencesOf, shuffled, stripMarkdown } from './text.js';
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
    const lines = stripMarkdown(chunk.content).split(/\n+/).map((l) => sentencesOf(l.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, ''))[0]?.trim() ?? '').filter(Boolean);
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
