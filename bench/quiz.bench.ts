/**
 * Quiz generator bench: six courses built through the product's real upload path (the two demo courses from
 * their PDF/DOCX/PPTX files, a Debian Administrator's Handbook chapter, the Python tutorial, seven chapters of the
 * Debian FAQ and six chapters of the Debian Reference from the Debian documentation packages — the tutorial held out
 * of tuning, the FAQ held out until its reading, then fixed against, the Reference held out and read once), and per
 * course × tier: candidate items
 * generated, items passing the item quality gate, leaks among the served items (the key in the stem, the topic
 * label or another option), and over the course's bank of served 4-option items the share of keys at each
 * position and the share whose key is the longest option.
 *
 * Run: `npx tsx bench/quiz.bench.ts` (or `npm run bench quiz`). QUIZ_BENCH_ITEMS=dir writes the served items
 * per course as JSON there (for a teacher's reading). Figures go to docs/quiz-generator.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLocalHashEmbeddings } from '../core/src/providers/embeddings/local-hash.embeddings.js';
import { generateLocalCandidates } from '../core/src/domain/quiz/generate-local-quiz.js';
import { gateItems, keyIsLongest } from '../core/src/domain/quiz/item-gate.js';
import type { GeneratedQuestion, SourceChunk } from '../core/src/domain/quiz/types.js';
import { TIERS, type Tier } from '../core/src/domain/mastery/tiers.js';
import { COURSES, buildUploadedCourse, type CourseSource } from '../core/test/quiz/fixtures/uploaded-course.js';

/** Quizzes generated per course × tier (different seeds, as successive quizzes of different learners). */
const QUIZZES_PER_TIER = 12;
const QUESTIONS_PER_QUIZ = 5;

const norm = (text: string) => ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;

/** A leak, checked independently of the gate: the key (≤ 6 words) appears in the stem, the topic label or another option. */
export function leaksOf(q: GeneratedQuestion, chunks: ReadonlyMap<string, SourceChunk>): string[] {
  if (q.answer.kind === 'boolean') return [];
  const key = norm(q.answer.text);
  if (key.trim().split(' ').length > 6 || key.trim().length < 3) return [];
  const leaks: string[] = [];
  if (norm(q.prompt).includes(key)) leaks.push('stem');
  const topic = q.chunkIds.map((id) => chunks.get(id)).find((c) => c?.topicId === q.topicId)?.topicTitle;
  if (topic && norm(topic).includes(key)) leaks.push('topic label');
  if (q.choices.some((c, i) => (q.answer.kind === 'choice' ? i !== q.answer.index : true) && norm(c).includes(key))) leaks.push('another option');
  return leaks;
}

/** Figures of one course × tier (`atTier`: distinct served items built for this tier, not a lower tier's fallback). */
export interface TierRow { generated: number; passing: number; served: number; atTier: number; distinct: number; leaks: number; strategies: Record<string, number> }

/** Figures of one course. */
export interface CourseRow {
  course: string; heldOut: boolean; words: number; tiers: Record<Tier, TierRow>;
  fourOption: number; keyPositionShares: number[]; keyLongestShare: number; rejectedReasons: Record<string, number>;
  served: GeneratedQuestion[];
}

/**
 * Builds one course through the upload path and measures the generator and the gate on it.
 *
 * @example
 * const row = await benchCourse(COURSES[2]);
 */
export async function benchCourse(source: CourseSource, quizzesPerTier = QUIZZES_PER_TIER): Promise<CourseRow> {
  const course = await buildUploadedCourse(source);
  const chunksById = new Map(course.chunks.map((c) => [c.id, c]));
  const embeddings = createLocalHashEmbeddings(256);
  const tiers = {} as Record<Tier, TierRow>;
  const served: GeneratedQuestion[] = [];
  const rejectedReasons: Record<string, number> = {};
  for (const tier of TIERS) {
    const row: TierRow = { generated: 0, passing: 0, served: 0, atTier: 0, distinct: 0, leaks: 0, strategies: {} };
    const distinctAtTier = new Set<string>();
    const distinct = new Set<string>();
    for (let n = 0; n < quizzesPerTier; n += 1) {
      const seed = `bench:${tier}:${n}`;
      const candidates = await generateLocalCandidates({ chunks: course.chunks, tier, numQuestions: QUESTIONS_PER_QUIZ, seed }, embeddings);
      const all = gateItems(candidates, { chunks: course.chunks, seed });
      const quiz = gateItems(candidates, { chunks: course.chunks, seed, limit: QUESTIONS_PER_QUIZ }).accepted;
      row.generated += candidates.length;
      row.passing += all.accepted.length;
      for (const r of all.rejected) for (const reason of r.reasons) rejectedReasons[reason] = (rejectedReasons[reason] ?? 0) + 1;
      row.served += quiz.length;
      for (const q of quiz) {
        distinct.add(q.prompt + (q.answer.kind === 'boolean' ? '' : q.answer.text));
        if (q.tier === tier) { row.atTier += 1; distinctAtTier.add(q.prompt + (q.answer.kind === 'boolean' ? '' : q.answer.text)); }
        row.leaks += leaksOf(q, chunksById).length > 0 ? 1 : 0;
        row.strategies[q.strategy ?? '?'] = (row.strategies[q.strategy ?? '?'] ?? 0) + 1;
        served.push(q);
      }
    }
    row.distinct = distinct.size;
    row.atTier = distinctAtTier.size;
    tiers[tier] = row;
  }
  const four = served.filter((q) => q.type === 'multiple_choice' && q.choices.length === 4 && q.answer.kind === 'choice');
  const positions = [0, 1, 2, 3].map((p) => four.filter((q) => q.answer.kind === 'choice' && q.answer.index === p).length / Math.max(1, four.length));
  return {
    course: source.name, heldOut: source.heldOut, words: course.words, tiers, fourOption: four.length, keyPositionShares: positions,
    keyLongestShare: four.filter(keyIsLongest).length / Math.max(1, four.length), rejectedReasons, served,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(0)}%`;

/** The figures as Markdown tables. */
export function formatCourse(row: CourseRow): string {
  const lines = [
    `${row.course}${row.heldOut ? ' — HELD OUT of tuning' : ''}: ${row.words} words`,
    '| tier | candidates | passing gate | served | distinct served | distinct served of this tier | leaks | strategies |',
    '|---:|---:|---:|---:|---:|---:|---:|---|',
    ...TIERS.map((t) => {
      const r = row.tiers[t];
      return `| ${t} | ${r.generated} | ${r.passing} | ${r.served} | ${r.distinct} | ${r.atTier} | ${r.leaks} | ${Object.entries(r.strategies).map(([k, v]) => `${k} ${v}`).join(', ')} |`;
    }),
    `4-option items served: ${row.fourOption}; key position A/B/C/D: ${row.keyPositionShares.map(pct).join(' / ')}; key is the longest option: ${pct(row.keyLongestShare)}`,
    `gate rejections: ${Object.entries(row.rejectedReasons).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} (${v})`).join('; ') || 'none'}`,
  ];
  return lines.join('\n');
}

/** Bench entry point: every course, printed as it completes. */
export async function run(): Promise<CourseRow[]> {
  const rows: CourseRow[] = [];
  const dump = process.env.QUIZ_BENCH_ITEMS;
  for (const source of COURSES) {
    const row = await benchCourse(source);
    rows.push(row);
    console.log(`\n${formatCourse(row)}`);
    if (dump) {
      mkdirSync(dump, { recursive: true });
      writeFileSync(join(dump, `${source.name.split(' ')[0]}.json`), JSON.stringify(row.served, null, 2));
    }
  }
  const all = rows.flatMap((r) => r.served).filter((q) => q.type === 'multiple_choice' && q.choices.length === 4);
  const shares = [0, 1, 2, 3].map((p) => all.filter((q) => q.answer.kind === 'choice' && q.answer.index === p).length / Math.max(1, all.length));
  console.log(`\nAll courses: ${all.length} served 4-option items; key position ${shares.map(pct).join(' / ')}; key longest ${pct(all.filter(keyIsLongest).length / Math.max(1, all.length))}; leaks ${rows.reduce((n, r) => n + TIERS.reduce((m, t) => m + r.tiers[t].leaks, 0), 0)}`);
  return rows;
}

// Run alone, it exits when done (a handle of the course builds' worker runtime kept it alive after the last figure).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) { await run(); process.exit(0); }
