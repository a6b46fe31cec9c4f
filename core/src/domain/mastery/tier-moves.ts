import { type SkillBelief, SKILL_MODEL } from './skill-model.js';
import { TIER_DIFFICULTY, type Tier, clampTier } from './tiers.js';

/**
 * The thresholds of tier moves on first-attempt scores (percent) of consecutive quizzes, and how far above the
 * belief's mean (in posterior standard deviations) the model looks when a single strong quiz asks for a rise:
 * one standard deviation, the upper end of the belief's central 68 % interval. None depends on a course.
 */
export const TIER_MOVES = { upAtLeast: 85, downBelow: 50, consecutive: 2, reachSd: 1 } as const;

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * Whether the tier above `tier` is within the reach of a belief: at its optimistic end (mean + `reachSd`
 * standard deviations) the learner would answer that tier's items right from knowledge at least at the model's
 * target success rate (SKILL_MODEL.targetSuccess, 75 %) — the model's own tier choice, taken at the upper end of
 * what it cannot rule out. A wide belief (little or contradictory evidence) reaches further than a narrow one.
 *
 * @example
 * isNextTierInReach({ mu: 0.4, variance: 0.5, evidence: 12, correct: 10 }, 1); // → true
 */
export function isNextTierInReach(belief: SkillBelief, tier: Tier): boolean {
  if (tier === 4) return false;
  const optimistic = belief.mu + TIER_MOVES.reachSd * Math.sqrt(belief.variance);
  return logistic(optimistic - TIER_DIFFICULTY[clampTier(tier + 1)]) >= SKILL_MODEL.targetSuccess;
}

/** Why the next tier is what it is (kept with the attempt's result for tests, the bench and the teacher's view). */
export type TierMoveReason = 'first-quiz' | 'up-two-strong-quizzes' | 'up-strong-quiz-and-model' | 'down-two-weak-quizzes' | 'model';

/**
 * The tier of the next quiz and why. Moves are one tier at a time, from the last quiz's tier:
 * - up when the last quiz was at ≥ 85 % first-attempt accuracy and either the quiz before it was too (two strong
 *   quizzes in a row: the rule the issue states), or the tier above is within reach of the scope's belief after the
 *   last quiz (`isNextTierInReach`). The second path lets a learner whose early quizzes were poor but who now aces
 *   one rise without waiting for a second perfect score on a small quiz; a learner whose record stays mixed does
 *   not, because the belief built from it keeps the tier above out of reach;
 * - down when the last two quizzes were both below 50 %;
 * - otherwise the model's choice (`modelTier`), at most one step from the last quiz's tier.
 * Before any quiz, the model's choice.
 *
 * @example
 * decideNextTier({ lastTier: 1, firstAttemptPercents: [90, 100], modelTier: 1, belief }).tier; // → 2
 * decideNextTier({ lastTier: 3, firstAttemptPercents: [40, 20], modelTier: 3, belief }).tier;  // → 2
 */
export function decideNextTier(input: {
  lastTier: Tier | undefined; firstAttemptPercents: readonly number[]; modelTier: Tier; belief: SkillBelief;
}): { tier: Tier; reason: TierMoveReason } {
  const { lastTier, modelTier } = input;
  if (lastTier === undefined) return { tier: modelTier, reason: 'first-quiz' };
  const recent = input.firstAttemptPercents.slice(-TIER_MOVES.consecutive);
  const last = recent.at(-1);
  if (last !== undefined && last >= TIER_MOVES.upAtLeast) {
    if (recent.length === TIER_MOVES.consecutive && recent.every((p) => p >= TIER_MOVES.upAtLeast)) {
      return { tier: clampTier(lastTier + 1), reason: 'up-two-strong-quizzes' };
    }
    if (isNextTierInReach(input.belief, lastTier)) return { tier: clampTier(lastTier + 1), reason: 'up-strong-quiz-and-model' };
  }
  if (recent.length === TIER_MOVES.consecutive && recent.every((p) => p < TIER_MOVES.downBelow)) {
    return { tier: clampTier(lastTier - 1), reason: 'down-two-weak-quizzes' };
  }
  return { tier: clampTier(Math.min(lastTier + 1, Math.max(lastTier - 1, modelTier))), reason: 'model' };
}

/**
 * The tier of the next quiz (see `decideNextTier` for the rule and its reasons).
 *
 * @example
 * nextTierAfterQuizzes({ lastTier: 1, firstAttemptPercents: [90, 100], modelTier: 1, belief: priorBelief() }); // → 2
 */
export function nextTierAfterQuizzes(input: Parameters<typeof decideNextTier>[0]): Tier {
  return decideNextTier(input).tier;
}
