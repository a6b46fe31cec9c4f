import { TIER_DIFFICULTY, TIERS, type Tier } from './tiers.js';

/**
 * A learner's skill on one topic as a Gaussian belief over θ (logits): mean `mu`, variance `variance`.
 * `evidence`/`correct` count the responses seen. This is the whole persisted state of the model.
 *
 * @example
 * const fresh: SkillBelief = { mu: 0, variance: 1.44, evidence: 0, correct: 0 };
 */
export interface SkillBelief { mu: number; variance: number; evidence: number; correct: number }

/** One graded response to an item of a tier. `guess` = chance of a right answer without knowing (1/choices). */
export interface ItemResponse { tier: Tier; correct: boolean; guess: number }

/**
 * Model parameters, documented in docs/mastery-model.md.
 * - prior: population prior N(0, 1.2²) on θ;
 * - slip: chance a learner who knows the answer still gets it wrong (upper asymptote 1 − slip);
 * - drift: variance added before every response (Glicko's rating-period inflation): skill changes as
 *   people learn, so old evidence fades and the estimate can follow;
 * - masteryTheta: "mastered" means θ above the level where tier-3 (apply) items are answered from knowledge
 *   70% of the time (b₃ + logit 0.7);
 * - targetSuccess: next tier = the tier whose predicted success is closest to ~75%, the rate adaptive
 *   practice systems aim for (Papoušek, Stanislav & Pelánek 2016).
 *
 * @example
 * SKILL_MODEL.prior.variance; // → 1.44
 */
export const SKILL_MODEL = {
  prior: { mu: 0, variance: 1.44 },
  slip: 0.05,
  drift: 0.003,
  masteryTheta: TIER_DIFFICULTY[3] + Math.log(0.7 / 0.3),
  targetSuccess: 0.75,
  minVariance: 0.02,
} as const;

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

/** A belief with no evidence (the population prior). @example priorBelief().mu // → 0 */
export function priorBelief(): SkillBelief {
  return { mu: SKILL_MODEL.prior.mu, variance: SKILL_MODEL.prior.variance, evidence: 0, correct: 0 };
}

/**
 * P(correct | θ) for an item: a 4-parameter logistic IRT curve with the tier's difficulty,
 * guessing floor `guess` and ceiling 1 − slip.
 *
 * @example
 * responseProbability(0, 1, 0.25); // → 0.25 + 0.7 · σ(1.5) ≈ 0.82
 */
export function responseProbability(theta: number, tier: Tier, guess: number): number {
  const known = logistic(theta - TIER_DIFFICULTY[tier]);
  return guess + (1 - guess - SKILL_MODEL.slip) * known;
}

/**
 * Bayesian update of the belief with one response: a Laplace (one Newton step) approximation to the
 * posterior of θ under the 4PL likelihood — the update Glicko and "Elo with uncertainty" use. The step
 * size shrinks as evidence accumulates, which is why it converges faster than a moving average.
 *
 * @example
 * const next = updateBelief(priorBelief(), { tier: 2, correct: true, guess: 0.25 });
 * next.mu > 0; // → true
 */
export function updateBelief(belief: SkillBelief, response: ItemResponse): SkillBelief {
  const variance = belief.variance + SKILL_MODEL.drift;
  const s = logistic(belief.mu - TIER_DIFFICULTY[response.tier]);
  const scale = 1 - response.guess - SKILL_MODEL.slip;
  const p = Math.min(1 - 1e-9, Math.max(1e-9, response.guess + scale * s));
  const dp = scale * s * (1 - s);
  const y = response.correct ? 1 : 0;
  const gradient = ((y - p) / (p * (1 - p))) * dp;
  const information = (dp * dp) / (p * (1 - p));
  const precision = 1 / variance + information;
  return {
    mu: belief.mu + gradient / precision,
    variance: Math.max(SKILL_MODEL.minVariance, 1 / precision),
    evidence: belief.evidence + 1,
    correct: belief.correct + y,
  };
}

// Gauss–Hermite (probabilists') nodes and weights: E[f(θ)] for θ ~ N(μ, σ²) from 5 evaluations.
const NODES = [-2.856970, -1.355626, 0, 1.355626, 2.856970] as const;
const WEIGHTS = [0.011257, 0.222076, 0.533333, 0.222076, 0.011257] as const;

/**
 * Mastery on the 0–100 scale of a skill θ: the expected share of course items, all four tiers equally,
 * answered right from knowledge (no guessing). The simulation's "true skill" uses the same scale.
 *
 * @example
 * masteryPercentOf(0); // → ≈ 50
 */
export function masteryPercentOf(theta: number): number {
  return (100 * TIERS.reduce((sum, tier) => sum + logistic(theta - TIER_DIFFICULTY[tier]), 0)) / TIERS.length;
}

/** What the product shows: expected mastery 0–100 with its posterior standard deviation, and P(mastered). */
export interface MasteryEstimate {
  /** Posterior mean of the mastery percent, 0–100. */
  mastery: number;
  /** Posterior standard deviation of the mastery percent (same 0–100 scale). */
  uncertainty: number;
  /** Posterior probability that θ exceeds the mastery level, 0–1. */
  pMastered: number;
  evidence: number;
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf). */
function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(z / Math.SQRT2));
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Summarises a belief: expected mastery percent and its standard deviation (Gauss–Hermite quadrature over
 * the Gaussian belief), and the probability of mastery Φ((μ − θ*) / σ).
 *
 * @example
 * estimateMastery(priorBelief()); // → { mastery: ≈50, uncertainty: ≈24, pMastered: ≈0.14, evidence: 0 }
 */
export function estimateMastery(belief: SkillBelief): MasteryEstimate {
  const sd = Math.sqrt(belief.variance);
  let mean = 0;
  let second = 0;
  NODES.forEach((node, i) => {
    const value = masteryPercentOf(belief.mu + sd * node);
    mean += (WEIGHTS[i] ?? 0) * value;
    second += (WEIGHTS[i] ?? 0) * value * value;
  });
  return {
    mastery: mean,
    uncertainty: Math.sqrt(Math.max(0, second - mean * mean)),
    pMastered: normalCdf((belief.mu - SKILL_MODEL.masteryTheta) / sd),
    evidence: belief.evidence,
  };
}

/**
 * The next tier: the one whose predicted success from knowledge, at the posterior mean, is closest to the
 * target (~75%): hard enough to learn from, easy enough not to discourage.
 *
 * @example
 * nextTierFor(priorBelief()); // → 1 (a new learner starts with recall)
 */
export function nextTierFor(belief: SkillBelief): Tier {
  let best: Tier = 1;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const tier of TIERS) {
    const gap = Math.abs(logistic(belief.mu - TIER_DIFFICULTY[tier]) - SKILL_MODEL.targetSuccess);
    if (gap < bestGap) {
      best = tier;
      bestGap = gap;
    }
  }
  return best;
}
