import { TIER_DIFFICULTY, TIERS, type Tier } from './tiers.js';

/**
 * A learner's skill on one topic as a Gaussian belief over θ (logits): mean `mu`, variance `variance`.
 * `evidence`/`correct` count the responses seen. This is the whole persisted state of the model.
 *
 * @example
 * const fresh: SkillBelief = { mu: 0, variance: 1.44, evidence: 0, correct: 0 };
 */
export interface SkillBelief {
  mu: number; variance: number; evidence: number; correct: number;
  /** When the learner last answered on this topic (ISO 8601); forgetting runs from here. Absent: never, or unknown. */
  practicedAt?: string;
}

/**
 * One graded first answer to an item of a tier. `guess` = chance of a right answer without knowing (1/choices).
 * Every response counts in full: a quiz is submitted once, so no answer is given after its own key was shown.
 */
export interface ItemResponse { tier: Tier; correct: boolean; guess: number }

/**
 * Parameters of the skill filter (documented in docs/mastery-model.md).
 * - prior: population prior N(0, 1.2²) on θ;
 * - slip: chance a learner who knows the answer still gets it wrong (upper asymptote 1 − slip);
 * - drift: variance added after every response: skill is not fixed, so old evidence fades and the estimate follows;
 * - learnRate: expected gain in θ (logits) from one answered item with its feedback —
 *   the learning (transition) term of knowledge tracing: practice with feedback moves skill up;
 * - sessionDrift: variance added at the start of each attempt (forgetting between sessions makes the belief less sure);
 * - masteryTheta: "mastered" means θ above the level where tier-3 (apply) items are answered from knowledge
 *   70% of the time (b₃ + logit 0.7);
 * - targetSuccess: next tier = the tier whose predicted success is closest to ~75%, the rate adaptive
 *   practice systems aim for (Papoušek, Stanislav & Pelánek 2016).
 *
 * @example
 * SKILL_MODEL.prior.variance; // → 1.44
 */
export interface SkillModelParams {
  prior: { mu: number; variance: number };
  slip: number; drift: number; learnRate: number; sessionDrift: number;
  masteryTheta: number; targetSuccess: number; minVariance: number;
  forgetting: ForgettingParams;
}

/**
 * Time-based forgetting: skill above the prior decays toward it with time since the last practice, to a retained
 * share — θ ← μ₀ + (θ − μ₀)·(retained + (1 − retained)·2^(−days / halfLifeDays)) — and the belief widens by
 * `variancePerDay` per day (at most back to the prior's variance). Skill at or below the prior does not move.
 *
 * @example
 * SKILL_MODEL.forgetting.halfLifeDays; // → 7
 */
export interface ForgettingParams { halfLifeDays: number; retained: number; variancePerDay: number }

/**
 * The learning- and forgetting-aware model the product uses (`bayesian-irt-learning-forgetting-v4`). learnRate, drift
 * and the forgetting half-life and retained share are fit by bench/mastery.bench.ts (fitSkillModel) on seeds the
 * reported figures do not use. @example SKILL_MODEL.learnRate // → 0.09
 */
export const SKILL_MODEL: SkillModelParams = {
  prior: { mu: 0, variance: 1.44 },
  slip: 0.05,
  drift: 0.08,
  learnRate: 0.09,
  sessionDrift: 0.1,
  masteryTheta: TIER_DIFFICULTY[3] + Math.log(0.7 / 0.3),
  targetSuccess: 0.75,
  minVariance: 0.05,
  forgetting: { halfLifeDays: 7, retained: 0.5, variancePerDay: 0.01 },
};

/**
 * The model as it was before issue 17 (`bayesian-irt-v1`): skill assumed fixed (drift 0.003), no learning term,
 * no session forgetting. Kept for the simulation's comparison only.
 *
 * @example
 * updateBelief(priorBelief(), { tier: 1, correct: true, guess: 0.25 }, FIXED_SKILL_MODEL);
 */
export const FIXED_SKILL_MODEL: SkillModelParams = {
  ...SKILL_MODEL, drift: 0.003, learnRate: 0, sessionDrift: 0, minVariance: 0.02,
  forgetting: { halfLifeDays: Number.POSITIVE_INFINITY, retained: 1, variancePerDay: 0 },
};

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

/** A belief with no evidence (the population prior). @example priorBelief().mu // → 0 */
export function priorBelief(params: SkillModelParams = SKILL_MODEL): SkillBelief {
  return { mu: params.prior.mu, variance: params.prior.variance, evidence: 0, correct: 0 };
}

/**
 * P(correct | θ) for an item: a 4-parameter logistic IRT curve with the tier's difficulty,
 * guessing floor `guess` and ceiling 1 − slip.
 *
 * @example
 * responseProbability(0, 1, 0.25); // → 0.25 + 0.7 · σ(1.5) ≈ 0.82
 */
export function responseProbability(theta: number, tier: Tier, guess: number, params: SkillModelParams = SKILL_MODEL): number {
  const known = logistic(theta - TIER_DIFFICULTY[tier]);
  return guess + (1 - guess - params.slip) * known;
}

/**
 * The predicted chance of a right answer before it is given, averaged over the belief (not just at its mean):
 * what calibration is measured on.
 *
 * @example
 * predictCorrect(priorBelief(), 1, 0.25); // → ≈ 0.77
 */
export function predictCorrect(belief: SkillBelief, tier: Tier, guess: number, params: SkillModelParams = SKILL_MODEL): number {
  const sd = Math.sqrt(belief.variance);
  return NODES.reduce<number>((sum, node, i) => sum + (WEIGHTS[i] ?? 0) * responseProbability(belief.mu + sd * node, tier, guess, params), 0);
}

/**
 * Forgetting over `days` without practice (see ForgettingParams): the mean above the prior decays toward it,
 * the belief widens. Zero or negative days change nothing.
 *
 * @example
 * forget({ mu: 2, variance: 0.2, evidence: 10, correct: 9 }, 30).mu < 2; // → true
 */
export function forget(belief: SkillBelief, days: number, params: SkillModelParams = SKILL_MODEL): SkillBelief {
  if (!(days > 0)) return belief;
  const { halfLifeDays, retained, variancePerDay } = params.forgetting;
  const kept = retained + (1 - retained) * 2 ** (-days / halfLifeDays);
  const above = belief.mu - params.prior.mu;
  return {
    ...belief,
    mu: above > 0 ? params.prior.mu + above * kept : belief.mu,
    variance: Math.max(belief.variance, Math.min(params.prior.variance, belief.variance + variancePerDay * days)),
  };
}

/** Days from `from` (ISO 8601; absent or unreadable: 0) to `to`. @example daysBetween('2026-01-01T00:00:00Z', new Date('2026-01-31T00:00:00Z')) // → 30 */
export function daysBetween(from: string | undefined, to: Date): number {
  const start = from ? Date.parse(from) : Number.NaN;
  return Number.isFinite(start) ? Math.max(0, (to.getTime() - start) / 86_400_000) : 0;
}

/**
 * A new session (an attempt) begins `days` after the last practice: the learner has forgotten some (forget) and
 * may have learnt elsewhere — the belief widens by `sessionDrift` as well.
 *
 * @example
 * startSession(belief, SKILL_MODEL, 7).variance > belief.variance; // → true
 */
export function startSession(belief: SkillBelief, params: SkillModelParams = SKILL_MODEL, days = 0): SkillBelief {
  const forgotten = forget(belief, days, params);
  return { ...forgotten, variance: forgotten.variance + params.sessionDrift };
}

/**
 * Bayesian update of the belief with one response: a Laplace (one Newton step) approximation to the
 * posterior of θ under the 4PL likelihood — the update Glicko and "Elo with uncertainty" use. Then the
 * transition of a learner who saw the feedback: θ moves up by `learnRate` and the belief widens by `drift`.
 *
 * @example
 * const next = updateBelief(priorBelief(), { tier: 2, correct: true, guess: 0.25 });
 * next.mu > 0; // → true
 */
export function updateBelief(belief: SkillBelief, response: ItemResponse, params: SkillModelParams = SKILL_MODEL): SkillBelief {
  const variance = belief.variance;
  const s = logistic(belief.mu - TIER_DIFFICULTY[response.tier]);
  const scale = 1 - response.guess - params.slip;
  const p = Math.min(1 - 1e-9, Math.max(1e-9, response.guess + scale * s));
  const dp = scale * s * (1 - s);
  const y = response.correct ? 1 : 0;
  const gradient = ((y - p) / (p * (1 - p))) * dp;
  const information = (dp * dp) / (p * (1 - p));
  const precision = 1 / variance + information;
  return {
    ...belief,
    mu: belief.mu + gradient / precision + params.learnRate,
    variance: Math.max(params.minVariance, 1 / precision + params.drift),
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
export function nextTierFor(belief: SkillBelief, params: SkillModelParams = SKILL_MODEL): Tier {
  let best: Tier = 1;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const tier of TIERS) {
    const gap = Math.abs(logistic(belief.mu - TIER_DIFFICULTY[tier]) - params.targetSuccess);
    if (gap < bestGap) {
      best = tier;
      bestGap = gap;
    }
  }
  return best;
}
