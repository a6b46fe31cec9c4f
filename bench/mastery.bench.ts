/**
 * Mastery simulation: synthetic learners answer generated items (tiers 1–4; multiple choice, true/false, short
 * answer) quiz after quiz, and we measure how close each estimate (0–100) stays to the learner's *current*
 * mastery. The learners are not the model's own curve with a fixed skill: some do not change, some learn from
 * each answered item's feedback, some learn and forget between quizzes, and a third of them re-attempt a quiz
 * after its keys were revealed (answering from memory of the keys). Estimates compared: the seed's rule
 * (recency-weighted average of the last 5 attempt scores), today's model before issue 17 (fixed skill, drift
 * 0.003) and the learning-aware model the product uses. Also: calibration of the predicted P(correct) (ECE) and
 * the tier moves. Seeded RNG: the figures are reproducible.
 *
 * Run: `npx tsx bench/mastery.bench.ts`. Figures go to docs/mastery-model.md.
 */
import { pathToFileURL } from 'node:url';
import {
  FIXED_SKILL_MODEL, SKILL_MODEL, type SkillModelParams, type Tier, TIER_DIFFICULTY, estimateMastery, masteryPercentOf,
  nextTierAfterQuizzes, nextTierFor, predictCorrect, priorBelief, seedMastery, startSession, updateBelief,
} from '../core/src/domain/mastery/index.js';

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rng: () => number): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
const QUIZ_SIZE = 5;
const QUIZZES = 6;
const CHECKPOINTS = [5, 10, 20] as const;
/** Generated items are not exactly at their tier's nominal difficulty: b = b_tier + N(0, ITEM_JITTER²). */
const ITEM_JITTER = 0.4;
/** The simulated learners' slip rate (the model assumes 0.05; the truth differs a little on purpose). */
const TRUE_SLIP = 0.08;
/** Chance that a learner re-attempts a quiz right after seeing its keys; they then recall a key with P = 0.85. */
const REPLAY_RATE = 0.33;
const REPLAY_RECALL = 0.85;

/** How a simulated learner changes: `gain` logits per answered item with feedback (saturating), `forget` share lost between quizzes. */
interface LearnerKind { name: string; gain: (rng: () => number) => number; forget: (rng: () => number) => number }
export const LEARNER_KINDS: LearnerKind[] = [
  { name: 'fixed skill', gain: () => 0, forget: () => 0 },
  { name: 'learns', gain: (rng) => 0.2 * rng(), forget: () => 0 },
  { name: 'learns and forgets', gain: (rng) => 0.2 * rng(), forget: (rng) => 0.1 + 0.3 * rng() },
];

type Estimator = 'seed rule' | 'fixed-skill model (before)' | 'learning model (now)';
const ESTIMATORS: Estimator[] = ['seed rule', 'fixed-skill model (before)', 'learning model (now)'];

function drawItem(rng: () => number, tier: Tier): { b: number; guess: number } {
  const pick = rng();
  const guess = pick < 0.7 ? 0.25 : pick < 0.85 ? 0.5 : 0;
  return { b: TIER_DIFFICULTY[tier] + ITEM_JITTER * normal(rng), guess };
}

/** Calibration bins: predicted P(correct) against observed, 10 equal-width bins. */
class Calibration {
  private readonly bins = Array.from({ length: 10 }, () => ({ n: 0, predicted: 0, observed: 0 }));
  add(predicted: number, correct: boolean): void {
    const bin = this.bins[Math.min(9, Math.floor(predicted * 10))]!;
    bin.n += 1;
    bin.predicted += predicted;
    bin.observed += correct ? 1 : 0;
  }
  /** Expected calibration error: Σ n_b/N · |mean predicted − observed rate|. */
  ece(): number {
    const total = this.bins.reduce((n, b) => n + b.n, 0);
    return this.bins.reduce((sum, b) => (b.n === 0 ? sum : sum + (b.n / total) * Math.abs(b.predicted / b.n - b.observed / b.n)), 0);
  }
}

interface LearnerRun { squared: Record<Estimator, number[]>; upChecks: [number, number]; downChecks: [number, number] }

/** One learner through QUIZZES quizzes; tiers chosen by the product's policy (tier moves on the learning model). */
function simulateLearner(rng: () => number, kind: LearnerKind, calibration: Record<'before' | 'now', Calibration>): LearnerRun {
  const theta0 = 1.2 * normal(rng);
  let theta = theta0;
  const gain = kind.gain(rng);
  const forget = kind.forget(rng);
  const beliefs = { before: priorBelief(FIXED_SKILL_MODEL), now: priorBelief(SKILL_MODEL) };
  const params: Record<'before' | 'now', SkillModelParams> = { before: FIXED_SKILL_MODEL, now: SKILL_MODEL };
  const seedScores: number[] = [];
  const firstAttempts: number[] = [];
  let lastTier: Tier | undefined;
  let answered = 0;
  const squared = Object.fromEntries(ESTIMATORS.map((e) => [e, CHECKPOINTS.map(() => 0)])) as Record<Estimator, number[]>;
  const upChecks: [number, number] = [0, 0];
  const downChecks: [number, number] = [0, 0];
  for (let quiz = 0; quiz < QUIZZES; quiz += 1) {
    const tier = nextTierAfterQuizzes({ lastTier, firstAttemptPercents: firstAttempts, modelTier: nextTierFor(beliefs.now) });
    if (lastTier !== undefined && firstAttempts.length >= 2) {
      const [a, b] = firstAttempts.slice(-2) as [number, number];
      if (a >= 85 && b >= 85) { upChecks[0] += 1; upChecks[1] += tier > lastTier || lastTier === 4 ? 1 : 0; }
      if (a < 50 && b < 50) { downChecks[0] += 1; downChecks[1] += tier < lastTier || lastTier === 1 ? 1 : 0; }
    }
    if (quiz > 0) {
      theta -= forget * (theta - theta0);
      for (const key of ['before', 'now'] as const) beliefs[key] = startSession(beliefs[key], params[key]);
    }
    const items = Array.from({ length: QUIZ_SIZE }, () => drawItem(rng, tier));
    let right = 0;
    for (const item of items) {
      const correct = rng() < item.guess + (1 - item.guess - TRUE_SLIP) * logistic(theta - item.b);
      for (const key of ['before', 'now'] as const) {
        calibration[key].add(predictCorrect(beliefs[key], tier, item.guess, params[key]), correct);
        beliefs[key] = updateBelief(beliefs[key], { tier, correct, guess: item.guess }, params[key]);
      }
      right += correct ? 1 : 0;
      theta += gain * (1 - logistic(theta - 3)); // feedback teaches, less so near the top
      answered += 1;
      const checkpoint = (CHECKPOINTS as readonly number[]).indexOf(answered);
      if (checkpoint >= 0) {
        const truth = masteryPercentOf(theta);
        const estimates: Record<Estimator, number> = {
          'seed rule': seedMastery(seedScores.length > 0 || answered % QUIZ_SIZE !== 0 ? seedScores : []) ?? 50,
          'fixed-skill model (before)': estimateMastery(beliefs.before).mastery,
          'learning model (now)': estimateMastery(beliefs.now).mastery,
        };
        if (answered % QUIZ_SIZE === 0) estimates['seed rule'] = seedMastery([...seedScores, (100 * right) / QUIZ_SIZE]) ?? 50;
        for (const e of ESTIMATORS) squared[e][checkpoint] = (estimates[e] - truth) ** 2;
      }
    }
    const percent = (100 * right) / QUIZ_SIZE;
    seedScores.push(percent);
    firstAttempts.push(percent);
    lastTier = tier;
    if (rng() < REPLAY_RATE) {
      // The keys were shown: a re-attempt right away is mostly memory of the keys, not skill.
      let replayRight = 0;
      for (const item of items) {
        const known = item.guess + (1 - item.guess - TRUE_SLIP) * logistic(theta - item.b);
        const correct = rng() < Math.max(known, REPLAY_RECALL);
        replayRight += correct ? 1 : 0;
        for (const key of ['before', 'now'] as const) {
          beliefs[key] = updateBelief(beliefs[key], { tier, correct, guess: item.guess, weight: params[key].replayWeight }, params[key]);
        }
      }
      seedScores.push((100 * replayRight) / QUIZ_SIZE);
    }
  }
  return { squared, upChecks, downChecks };
}

/** Figures of one learner kind. */
export interface SimulationRow {
  learners: string;
  rmse: Record<Estimator, Record<number, number>>;
  ece: { before: number; now: number };
  /** Quiz pairs at ≥ 85 % followed by a move up (or already at tier 4) / all such pairs; same for < 50 % and down. */
  tierMoves: { up: [number, number]; down: [number, number] };
}

/**
 * Runs the simulation: `learners` learners of each kind, seeded.
 *
 * @example
 * const rows = simulateMastery({ learners: 2000, seed: 42 });
 */
export function simulateMastery(options: { learners: number; seed: number }): SimulationRow[] {
  return LEARNER_KINDS.map((kind) => {
    const rng = createRng(options.seed);
    const calibration = { before: new Calibration(), now: new Calibration() };
    const sums = Object.fromEntries(ESTIMATORS.map((e) => [e, CHECKPOINTS.map(() => 0)])) as Record<Estimator, number[]>;
    const up: [number, number] = [0, 0];
    const down: [number, number] = [0, 0];
    for (let n = 0; n < options.learners; n += 1) {
      const run = simulateLearner(rng, kind, calibration);
      for (const e of ESTIMATORS) run.squared[e].forEach((v, i) => { sums[e][i] = (sums[e][i] ?? 0) + v; });
      up[0] += run.upChecks[0]; up[1] += run.upChecks[1];
      down[0] += run.downChecks[0]; down[1] += run.downChecks[1];
    }
    const rmse = Object.fromEntries(ESTIMATORS.map((e) => [e, Object.fromEntries(CHECKPOINTS.map((c, i) => [c, Math.sqrt((sums[e][i] ?? 0) / options.learners)]))])) as SimulationRow['rmse'];
    return { learners: kind.name, rmse, ece: { before: calibration.before.ece(), now: calibration.now.ece() }, tierMoves: { up, down } };
  });
}

/** The rows as Markdown tables. */
export function formatTable(rows: SimulationRow[]): string {
  const lines = [
    '| learners | estimate | RMSE @5 | RMSE @10 | RMSE @20 |',
    '|---|---|---:|---:|---:|',
    ...rows.flatMap((r) => ESTIMATORS.map((e) => `| ${r.learners} | ${e} | ${CHECKPOINTS.map((c) => (r.rmse[e][c] ?? 0).toFixed(1)).join(' | ')} |`)),
    '',
    '| learners | ECE before | ECE now | ≥85 % twice → up | <50 % twice → down |',
    '|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.learners} | ${r.ece.before.toFixed(3)} | ${r.ece.now.toFixed(3)} | ${r.tierMoves.up[1]}/${r.tierMoves.up[0]} | ${r.tierMoves.down[1]}/${r.tierMoves.down[0]} |`),
  ];
  return lines.join('\n');
}

/**
 * Bench entry point: simulates 2,000 learners per kind with seed 42, prints the tables, returns the rows.
 *
 * @example
 * const rows = await run();
 */
export async function run(): Promise<SimulationRow[]> {
  const rows = simulateMastery({ learners: 2000, seed: 42 });
  console.log(`Mastery simulation (RMSE to the learner's current mastery, 0–100 points, after 5/10/20 first-attempt items; lower is better)\n${formatTable(rows)}`);
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
