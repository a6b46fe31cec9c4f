import { describe, expect, it } from 'vitest';
import { simulateMastery } from '../../../bench/mastery.bench.js';

describe('mastery simulation (bench/mastery.bench.ts)', () => {
  const rows = simulateMastery({ learners: 600, seed: 7 });
  const row = (name: string) => rows.find((r) => r.learners === name)!;

  it('when learners learn (and forget), then after 20 items the learning model tracks their current mastery better than the fixed-skill model and is ahead of the seed rule at 10 items (level with it at 20)', () => {
    for (const name of ['learns', 'learns and forgets']) {
      const { rmse } = row(name);
      expect(rmse['learning model (now)'][20]).toBeLessThan((rmse['fixed-skill model (before)'][20] ?? 0) * 0.85);
      expect(rmse['learning model (now)'][10]).toBeLessThan(rmse['seed rule'][10] ?? 0);
      expect(rmse['learning model (now)'][20]).toBeLessThan((rmse['seed rule'][20] ?? 0) * 1.1);
    }
  });

  it('when skill is fixed, then the learning model stays far ahead of the seed rule', () => {
    const { rmse } = row('fixed skill');
    expect(rmse['learning model (now)'][10]).toBeLessThan((rmse['seed rule'][10] ?? 0) * 0.7);
    expect(rmse['learning model (now)'][20]).toBeLessThan((rmse['seed rule'][20] ?? 0) * 0.7);
  });

  it('when predicted P(correct) is binned against what happened, then the expected calibration error is at most 0.05 for every kind of learner', () => {
    for (const r of rows) expect(r.ece.now).toBeLessThanOrEqual(0.05);
  });

  it('when a learner scores ≥ 85 % twice in a row, then the next quiz is a tier up; < 50 % twice, a tier down', () => {
    for (const r of rows) {
      expect(r.tierMoves.up[0]).toBeGreaterThan(0);
      expect(r.tierMoves.up[1]).toBe(r.tierMoves.up[0]);
      expect(r.tierMoves.down[1]).toBe(r.tierMoves.down[0]);
    }
  });

  it('when the seed is the same, then the figures are the same (reproducible)', () => {
    expect(simulateMastery({ learners: 50, seed: 3 })).toEqual(simulateMastery({ learners: 50, seed: 3 }));
  });
});
