import { type Tier, clampTier } from './tiers.js';

/** The seed's knobs: average the last N attempts; above `upAbove` go up a tier, below `downBelow` go down. */
export const SEED_RULE = { lastN: 5, upAbove: 85, downBelow: 60 } as const;

/**
 * The seed's baseline mastery: a recency-weighted average (weights 1…N, newest heaviest) of the percent
 * scores of the last N attempts, or undefined before the first attempt. Kept as the baseline the
 * per-topic model is measured against (bench/mastery.bench.ts).
 *
 * @example
 * seedMastery([40, 80, 100]); // → (40·1 + 80·2 + 100·3) / 6 ≈ 83.3
 */
export function seedMastery(percentScores: readonly number[], lastN: number = SEED_RULE.lastN): number | undefined {
  const recent = percentScores.slice(-lastN);
  if (recent.length === 0) return undefined;
  let weighted = 0;
  let weights = 0;
  recent.forEach((score, i) => {
    weighted += score * (i + 1);
    weights += i + 1;
  });
  return weighted / weights;
}

/**
 * The seed's tier rule: > 85 → up a tier, < 60 → down a tier, otherwise stay (within 1–4).
 *
 * @example
 * seedNextTier(2, [90, 95]); // → 3
 */
export function seedNextTier(currentTier: Tier, percentScores: readonly number[]): Tier {
  const mastery = seedMastery(percentScores);
  if (mastery === undefined) return currentTier;
  if (mastery > SEED_RULE.upAbove) return clampTier(currentTier + 1);
  if (mastery < SEED_RULE.downBelow) return clampTier(currentTier - 1);
  return currentTier;
}
