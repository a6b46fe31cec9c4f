import { type Tier, clampTier } from './tiers.js';

/** The thresholds of tier moves on first-attempt scores (percent) of consecutive quizzes. */
export const TIER_MOVES = { upAtLeast: 85, downBelow: 50, consecutive: 2 } as const;

/**
 * The tier of the next quiz. Two consecutive quizzes at ≥ 85 % first-attempt accuracy move the learner up one
 * tier from the last quiz's; two below 50 % move them down one. Otherwise the model's choice (`modelTier`)
 * holds, moved at most one step from the last quiz's tier, so the level never jumps on a single estimate.
 * Before any quiz, the model's choice.
 *
 * @example
 * nextTierAfterQuizzes({ lastTier: 1, firstAttemptPercents: [90, 100], modelTier: 1 }); // → 2
 * nextTierAfterQuizzes({ lastTier: 3, firstAttemptPercents: [40, 20], modelTier: 3 });  // → 2
 */
export function nextTierAfterQuizzes(input: { lastTier: Tier | undefined; firstAttemptPercents: readonly number[]; modelTier: Tier }): Tier {
  const { lastTier, modelTier } = input;
  if (lastTier === undefined) return modelTier;
  const recent = input.firstAttemptPercents.slice(-TIER_MOVES.consecutive);
  if (recent.length === TIER_MOVES.consecutive) {
    if (recent.every((p) => p >= TIER_MOVES.upAtLeast)) return clampTier(lastTier + 1);
    if (recent.every((p) => p < TIER_MOVES.downBelow)) return clampTier(lastTier - 1);
  }
  return clampTier(Math.min(lastTier + 1, Math.max(lastTier - 1, modelTier)));
}
