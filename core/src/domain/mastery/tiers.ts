/**
 * Difficulty tiers of quiz items (the seed's four): 1 recall, 2 explain/define, 3 apply in a scenario,
 * 4 synthesize with tricky distractors.
 *
 * @example
 * const tier: Tier = 3;
 */
export type Tier = 1 | 2 | 3 | 4;
export const TIERS = [1, 2, 3, 4] as const satisfies readonly Tier[];

/**
 * Item difficulty in logits for each tier (the `b` of a Rasch/IRT item). Evenly spaced one logit apart, so a
 * learner at θ = 0 answers a recall item right (from knowledge) 82% of the time and a synthesis item 18%.
 * They are nominal: real generated items scatter around them, which the simulation models.
 *
 * @example
 * TIER_DIFFICULTY[3]; // → 0.5
 */
export const TIER_DIFFICULTY = { 1: -1.5, 2: -0.5, 3: 0.5, 4: 1.5 } as const satisfies Record<Tier, number>;

/** Clamps any number into a valid tier. @example clampTier(7) // → 4 */
export function clampTier(value: number): Tier {
  return Math.min(4, Math.max(1, Math.round(value))) as Tier;
}

/** Narrows an unknown value to a tier. @example isTier(2) // → true */
export function isTier(value: unknown): value is Tier {
  return value === 1 || value === 2 || value === 3 || value === 4;
}
