/**
 * Mastery simulation: synthetic learners answer generated items (tiers 1–4; multiple choice, true/false, short
 * answer) quiz after quiz, and we measure how close each estimate (0–100) stays to the learner's *current*
 * mastery. The learners are not the model's own curve with a fixed skill: some do not change, some learn from
 * each answered item's feedback, some learn and forget between quizzes. Each quiz is answered once (the product
 * refuses a second submission of a graded quiz). Estimates compared: the seed's rule
 * (recency-weighted average of the last 5 attempt scores), today's model before issue 17 (fixed skill, drift
 * 0.003) and the learning-aware model the product uses. Also: calibration of the predicted P(correct) (ECE) and
 * the tier moves (how often each path of the rule moves a learner up, and how often too early). Seeded RNG (core's
 * `seededRandom`): the figures are reproducible.
 *
 * Run: `npx tsx bench/mastery.bench.ts`. Figures go to docs/mastery-model.md.
 */
import { pathToFileURL } from 'node:url';
import {
  FIXED_SKILL_MODEL, SKILL_MODEL, type SkillModelParams, type Tier, TIER_DIFFICULTY, decideNextTier, estimateMastery, masteryPercentOf,
  nextTierFor, predictCorrect, priorBelief, seedMastery, startSession, updateBelief,
} from '../core/src/domain/mastery/index.js';
import { seededRandom } from '../core/src/domain/quiz/text.js';

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
/** A rise is premature when the learner's true chance of answering the new tier's items from knowledge is below this. */
const PREMATURE_BELOW = 0.5;

/**
 * How a simulated learner changes: `gain` logits per answered item with feedback (saturating); `forgetting`: the
 * learner's own half-life (days) and retained share of what they gained, applied over the days between quizzes.
 */
interface LearnerKind {
  name: string; gain: (rng: () => number) => number;
  forgetting?: (rng: () => number) => { halfLifeDays: number; retained: number };
}

/** A population: its kinds of learner and the mean gap (days, exponential) between a learner's quizzes. */
export interface Population { name: string; kinds: LearnerKind[]; meanGapDays: number }

/** The population the model's parameters are fit on (FIT_SEEDS) and first reported on (HELD_OUT_SEED). */
export const LEARNER_KINDS: LearnerKind[] = [
  { name: 'fixed skill', gain: () => 0 },
  { name: 'learns', gain: (rng) => 0.2 * rng() },
  { name: 'learns and forgets', gain: (rng) => 0.2 * rng(), forgetting: (rng) => ({ halfLifeDays: 5 + 35 * rng(), retained: 0.3 + 0.4 * rng() }) },
];
export const POPULATION: Population = { name: 'fit population', kinds: LEARNER_KINDS, meanGapDays: 7 };

/**
 * A second population the parameters never saw: faster learners who forget faster and more, with longer gaps.
 * Held-out figures on it show how much the fit depends on the population it was made on.
 */
export const SHIFTED_POPULATION: Population = {
  name: 'shifted population',
  kinds: [
    { name: 'fixed skill', gain: () => 0 },
    { name: 'learns', gain: (rng) => 0.3 * rng() },
    { name: 'learns and forgets', gain: (rng) => 0.3 * rng(), forgetting: (rng) => ({ halfLifeDays: 3 + 17 * rng(), retained: 0.2 + 0.4 * rng() }) },
  ],
  meanGapDays: 10,
};

/** Seeds of the runs the parameters are fit on; HELD_OUT_SEED is never used for fitting. */
export const FIT_SEEDS = [101, 102, 103] as const;
export const HELD_OUT_SEED = 42;

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

/** Rises of one path of the tier rule: how many, and how many were premature (see PREMATURE_BELOW). */
type Rises = [number, number];
interface LearnerRun {
  squared: Record<Estimator, number[]>; upChecks: [number, number]; downChecks: [number, number];
  rises: { twoStrong: Rises; strongAndModel: Rises; model: Rises };
}

/** One learner through QUIZZES quizzes; tiers chosen by the product's policy (tier moves on the learning model). */
function simulateLearner(
  rng: () => number, kind: LearnerKind, meanGapDays: number, model: SkillModelParams, calibration: Record<'before' | 'now', Calibration>,
): LearnerRun {
  const theta0 = 1.2 * normal(rng);
  let theta = theta0;
  const gain = kind.gain(rng);
  const forgetting = kind.forgetting?.(rng);
  const beliefs = { before: priorBelief(FIXED_SKILL_MODEL), now: priorBelief(model) };
  const params: Record<'before' | 'now', SkillModelParams> = { before: FIXED_SKILL_MODEL, now: model };
  const seedScores: number[] = [];
  const firstAttempts: number[] = [];
  let lastTier: Tier | undefined;
  let answered = 0;
  const squared = Object.fromEntries(ESTIMATORS.map((e) => [e, CHECKPOINTS.map(() => 0)])) as Record<Estimator, number[]>;
  const upChecks: [number, number] = [0, 0];
  const downChecks: [number, number] = [0, 0];
  const rises: LearnerRun['rises'] = { twoStrong: [0, 0], strongAndModel: [0, 0], model: [0, 0] };
  for (let quiz = 0; quiz < QUIZZES; quiz += 1) {
    const move = decideNextTier({ lastTier, firstAttemptPercents: firstAttempts, modelTier: nextTierFor(beliefs.now), belief: beliefs.now });
    const tier = move.tier;
    if (lastTier !== undefined && tier > lastTier) {
      const path = move.reason === 'up-two-strong-quizzes' ? rises.twoStrong : move.reason === 'up-strong-quiz-and-model' ? rises.strongAndModel : rises.model;
      path[0] += 1;
      path[1] += logistic(theta - TIER_DIFFICULTY[tier]) < PREMATURE_BELOW ? 1 : 0;
    }
    if (lastTier !== undefined && firstAttempts.length >= 2) {
      const [a, b] = firstAttempts.slice(-2) as [number, number];
      if (a >= 85 && b >= 85) { upChecks[0] += 1; upChecks[1] += tier > lastTier || lastTier === 4 ? 1 : 0; }
      if (a < 50 && b < 50) { downChecks[0] += 1; downChecks[1] += tier < lastTier || lastTier === 1 ? 1 : 0; }
    }
    if (quiz > 0) {
      // Days pass between quizzes; a learner who forgets loses part of what they gained (their own half-life).
      const days = -meanGapDays * Math.log(Math.max(rng(), 1e-12));
      if (forgetting && theta > theta0) {
        theta = theta0 + (theta - theta0) * (forgetting.retained + (1 - forgetting.retained) * 2 ** (-days / forgetting.halfLifeDays));
      }
      for (const key of ['before', 'now'] as const) beliefs[key] = startSession(beliefs[key], params[key], days);
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
  }
  return { squared, upChecks, downChecks, rises };
}

/** Figures of one learner kind. */
export interface SimulationRow {
  learners: string;
  rmse: Record<Estimator, Record<number, number>>;
  ece: { before: number; now: number };
  /** Quiz pairs at ≥ 85 % followed by a move up (or already at tier 4) / all such pairs; same for < 50 % and down. */
  tierMoves: { up: [number, number]; down: [number, number] };
  /** Rises by path of the rule (two strong quizzes; one strong quiz with the tier above in the model's reach; the model alone): [rises, premature]. */
  rises: LearnerRun['rises'];
}

/**
 * Runs the simulation: `learners` learners of each kind, seeded.
 *
 * @example
 * const rows = simulateMastery({ learners: 2000, seed: 42 });
 */
export function simulateMastery(options: { learners: number; seed: number; params?: SkillModelParams; population?: Population }): SimulationRow[] {
  const population = options.population ?? POPULATION;
  const model = options.params ?? SKILL_MODEL;
  return population.kinds.map((kind) => {
    const rng = seededRandom(options.seed);
    const calibration = { before: new Calibration(), now: new Calibration() };
    const sums = Object.fromEntries(ESTIMATORS.map((e) => [e, CHECKPOINTS.map(() => 0)])) as Record<Estimator, number[]>;
    const up: [number, number] = [0, 0];
    const down: [number, number] = [0, 0];
    const rises: LearnerRun['rises'] = { twoStrong: [0, 0], strongAndModel: [0, 0], model: [0, 0] };
    for (let n = 0; n < options.learners; n += 1) {
      const run = simulateLearner(rng, kind, population.meanGapDays, model, calibration);
      for (const e of ESTIMATORS) run.squared[e].forEach((v, i) => { sums[e][i] = (sums[e][i] ?? 0) + v; });
      up[0] += run.upChecks[0]; up[1] += run.upChecks[1];
      down[0] += run.downChecks[0]; down[1] += run.downChecks[1];
      for (const path of ['twoStrong', 'strongAndModel', 'model'] as const) {
        rises[path][0] += run.rises[path][0]; rises[path][1] += run.rises[path][1];
      }
    }
    const rmse = Object.fromEntries(ESTIMATORS.map((e) => [e, Object.fromEntries(CHECKPOINTS.map((c, i) => [c, Math.sqrt((sums[e][i] ?? 0) / options.learners)]))])) as SimulationRow['rmse'];
    return { learners: kind.name, rmse, ece: { before: calibration.before.ece(), now: calibration.now.ece() }, tierMoves: { up, down }, rises };
  });
}

const risesCell = ([n, premature]: Rises) => `${n} (${premature}, ${n === 0 ? '–' : `${((100 * premature) / n).toFixed(0)} %`})`;

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
    '',
    `| learners | rises: two ≥ 85 % quizzes (premature) | one ≥ 85 % quiz + tier above in the belief's reach (premature) | model alone (premature) |`,
    '|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.learners} | ${risesCell(r.rises.twoStrong)} | ${risesCell(r.rises.strongAndModel)} | ${risesCell(r.rises.model)} |`),
  ];
  return lines.join('\n');
}

/** The grid the fit searches: the learning term, the per-response drift and the forgetting half-life and retained share. */
export const FIT_GRID = {
  learnRate: [0.03, 0.06, 0.09, 0.12],
  drift: [0.02, 0.05, 0.08, 0.12],
  halfLifeDays: [7, 14, 30, 60],
  retained: [0.3, 0.5, 0.7],
} as const;

/** The calibration every fit must keep: expected calibration error of the learning model, per kind of learner. */
export const MAX_FIT_ECE = 0.05;

/** The fit's objective: mean RMSE of the learning model after 10 and 20 items, over the kinds of learner. */
export function fitScore(rows: readonly SimulationRow[]): number {
  return rows.reduce((sum, r) => sum + ((r.rmse['learning model (now)'][10] ?? 0) + (r.rmse['learning model (now)'][20] ?? 0)) / 2, 0) / rows.length;
}

/** The parameters of one grid point (the rest as in SKILL_MODEL). */
export function paramsAt(point: { learnRate: number; drift: number; halfLifeDays: number; retained: number }): SkillModelParams {
  return {
    ...SKILL_MODEL, learnRate: point.learnRate, drift: point.drift,
    forgetting: { ...SKILL_MODEL.forgetting, halfLifeDays: point.halfLifeDays, retained: point.retained },
  };
}

/**
 * Fits the model's parameters by grid search on the fit population, over FIT_SEEDS only (never HELD_OUT_SEED):
 * of the grid points whose ECE is ≤ MAX_FIT_ECE for every kind of learner on every fit seed (an accurate but
 * overconfident model is no use for choosing tiers), the one with the lowest fitScore averaged over the seeds.
 *
 * @example
 * const { best, score } = fitSkillModel({ learners: 300 });
 */
export function fitSkillModel(options: { learners: number; seeds?: readonly number[] }): { best: SkillModelParams; score: number } {
  const seeds = options.seeds ?? FIT_SEEDS;
  let best = SKILL_MODEL;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const learnRate of FIT_GRID.learnRate) for (const drift of FIT_GRID.drift) {
    for (const halfLifeDays of FIT_GRID.halfLifeDays) for (const retained of FIT_GRID.retained) {
      const params = paramsAt({ learnRate, drift, halfLifeDays, retained });
      const runs = seeds.map((seed) => simulateMastery({ learners: options.learners, seed, params }));
      if (runs.some((rows) => rows.some((r) => r.ece.now > MAX_FIT_ECE))) continue;
      const score = runs.reduce((sum, rows) => sum + fitScore(rows), 0) / runs.length;
      if (score < bestScore) { best = params; bestScore = score; }
    }
  }
  return { best, score: bestScore };
}

/**
 * Bench entry point: fits the parameters on FIT_SEEDS (500 learners per kind and seed), then reports the product's
 * model (SKILL_MODEL) on the held-out seed (2,000 learners per kind) of the fit population and of a shifted one.
 *
 * @example
 * const rows = await run();
 */
export async function run(): Promise<SimulationRow[]> {
  const fit = fitSkillModel({ learners: 500 });
  const describeParams = (p: SkillModelParams) => `learnRate ${p.learnRate}, drift ${p.drift}, half-life ${p.forgetting.halfLifeDays} d, retained ${p.forgetting.retained}`;
  console.log(`Fit on seeds ${FIT_SEEDS.join(', ')} (500 learners per kind): best ${describeParams(fit.best)}; fit score ${fit.score.toFixed(2)}`);
  console.log(`Product parameters (SKILL_MODEL): ${describeParams(SKILL_MODEL)}${describeParams(fit.best) === describeParams(SKILL_MODEL) ? ' (= the fit)' : ' (DIFFERS from the fit)'}`);
  const fitRows = FIT_SEEDS.map((seed) => fitScore(simulateMastery({ learners: 500, seed })));
  console.log(`Fit-set score of SKILL_MODEL: ${(fitRows.reduce((a, b) => a + b, 0) / fitRows.length).toFixed(2)}`);
  const rows = simulateMastery({ learners: 2000, seed: HELD_OUT_SEED });
  console.log(`\nHeld out (seed ${HELD_OUT_SEED}, fit population; RMSE to the learner's current mastery, 0–100 points, after 5/10/20 first-attempt items; lower is better) — score ${fitScore(rows).toFixed(2)}\n${formatTable(rows)}`);
  const shifted = simulateMastery({ learners: 2000, seed: HELD_OUT_SEED, population: SHIFTED_POPULATION });
  console.log(`\nHeld out (seed ${HELD_OUT_SEED}, shifted population) — score ${fitScore(shifted).toFixed(2)}\n${formatTable(shifted)}`);
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
