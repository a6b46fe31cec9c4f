/**
 * Mastery simulation: synthetic learners of known skill answer generated items (tiers 1–4, multiple choice,
 * true/false and short answer) and we measure how fast each model's mastery estimate (0–100) approaches the
 * learner's true mastery. Baseline: the seed's rule (recency-weighted average of the last 5 quiz scores).
 * Model: the per-topic Bayesian IRT belief (core/src/domain/mastery). Seeded RNG: the figures are reproducible.
 *
 * Run: `npx tsx bench/mastery.bench.ts`. Figures go to docs/mastery-model.md.
 */
import { pathToFileURL } from 'node:url';
import {
  type ItemResponse, type SkillBelief, type Tier, TIER_DIFFICULTY, estimateMastery, masteryPercentOf, nextTierFor,
  priorBelief, seedMastery, seedNextTier, updateBelief,
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

const QUIZ_SIZE = 5;
const CHECKPOINTS = [5, 10, 20] as const;
/** Item mix of a generated quiz: mostly 4-choice MC, some true/false and short answer. */
const ITEM_KINDS = [
  { share: 0.7, guess: 0.25 },
  { share: 0.15, guess: 0.5 },
  { share: 0.15, guess: 0 },
] as const;
/** Generated items are not exactly at their tier's nominal difficulty: b = b_tier + N(0, ITEM_JITTER²). */
const ITEM_JITTER = 0.4;
/** The simulated learners' slip rate (the model assumes 0.05; the truth differs a little on purpose). */
const TRUE_SLIP = 0.08;

interface Population { name: string; draw: (rng: () => number) => number }
const POPULATIONS: Population[] = [
  { name: 'θ ~ N(0, 1.2²) (matches the prior)', draw: (rng) => 1.2 * normal(rng) },
  { name: 'θ ~ U(−2.5, 3) (off the prior)', draw: (rng) => -2.5 + 5.5 * rng() },
];

function answer(rng: () => number, theta: number, tier: Tier): ItemResponse {
  const pick = rng();
  const kind = pick < 0.7 ? ITEM_KINDS[0] : pick < 0.85 ? ITEM_KINDS[1] : ITEM_KINDS[2];
  const b = TIER_DIFFICULTY[tier] + ITEM_JITTER * normal(rng);
  const known = 1 / (1 + Math.exp(-(theta - b)));
  const p = kind.guess + (1 - kind.guess - TRUE_SLIP) * known;
  return { tier, correct: rng() < p, guess: kind.guess };
}

/** Both estimators follow one learner; `policy` says whose tier choice serves the items. */
function simulateLearner(rng: () => number, theta: number, policy: 'seed' | 'model'): Record<'seed' | 'model', number[]> {
  let belief: SkillBelief = priorBelief();
  const scores: number[] = [];
  let seedTier: Tier = 1;
  const estimates = { seed: [] as number[], model: [] as number[] };
  let answered = 0;
  while (answered < Math.max(...CHECKPOINTS)) {
    const tier = policy === 'seed' ? seedTier : nextTierFor(belief);
    let right = 0;
    for (let i = 0; i < QUIZ_SIZE; i += 1) {
      const response = answer(rng, theta, tier);
      belief = updateBelief(belief, response);
      right += response.correct ? 1 : 0;
    }
    answered += QUIZ_SIZE;
    scores.push((100 * right) / QUIZ_SIZE);
    seedTier = seedNextTier(seedTier, scores);
    if ((CHECKPOINTS as readonly number[]).includes(answered)) {
      estimates.seed.push(seedMastery(scores) ?? 50);
      estimates.model.push(estimateMastery(belief).mastery);
    }
  }
  return estimates;
}

/** One row of the results: RMSE (mastery points, 0–100) of each model at each checkpoint. */
export interface SimulationRow {
  population: string;
  tierPolicy: 'seed' | 'model';
  model: 'seed rule' | 'Bayesian IRT';
  rmse: Record<number, number>;
}

/**
 * Runs the simulation: every population × tier policy, `learners` learners each, seeded.
 *
 * @example
 * const rows = simulateMastery({ learners: 2000, seed: 42 });
 */
export function simulateMastery(options: { learners: number; seed: number }): SimulationRow[] {
  const rows: SimulationRow[] = [];
  for (const population of POPULATIONS) {
    for (const policy of ['seed', 'model'] as const) {
      const rng = createRng(options.seed);
      const squared = { seed: CHECKPOINTS.map(() => 0), model: CHECKPOINTS.map(() => 0) };
      for (let n = 0; n < options.learners; n += 1) {
        const theta = population.draw(rng);
        const truth = masteryPercentOf(theta);
        const estimates = simulateLearner(rng, theta, policy);
        for (const key of ['seed', 'model'] as const) {
          estimates[key].forEach((value, i) => {
            squared[key][i] = (squared[key][i] ?? 0) + (value - truth) ** 2;
          });
        }
      }
      for (const key of ['seed', 'model'] as const) {
        const rmse: Record<number, number> = {};
        CHECKPOINTS.forEach((checkpoint, i) => {
          rmse[checkpoint] = Math.sqrt((squared[key][i] ?? 0) / options.learners);
        });
        rows.push({ population: population.name, tierPolicy: policy, model: key === 'seed' ? 'seed rule' : 'Bayesian IRT', rmse });
      }
    }
  }
  return rows;
}

/** The rows as a Markdown table. */
export function formatTable(rows: SimulationRow[]): string {
  const lines = [
    `| learners' skill | tiers chosen by | estimate | RMSE @5 | RMSE @10 | RMSE @20 |`,
    `|---|---|---|---:|---:|---:|`,
    ...rows.map((r) => `| ${r.population} | ${r.tierPolicy === 'seed' ? 'seed rule' : 'model'} | ${r.model} | ${CHECKPOINTS.map((c) => (r.rmse[c] ?? 0).toFixed(1)).join(' | ')} |`),
  ];
  return lines.join('\n');
}

/**
 * Bench entry point: simulates 2,000 learners per scenario with seed 42, prints the table, returns the rows.
 *
 * @example
 * const rows = await run();
 */
export async function run(): Promise<SimulationRow[]> {
  const rows = simulateMastery({ learners: 2000, seed: 42 });
  console.log(`Mastery simulation (RMSE in mastery points 0–100 after 5/10/20 items; lower is better)\n${formatTable(rows)}`);
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
