import { describe, expect, it } from 'vitest';
import { simulateMastery } from '../../../bench/mastery.bench.js';

describe('mastery simulation (bench/mastery.bench.ts)', () => {
  it('when synthetic learners answer 10 and 20 items, then the Bayesian IRT estimate has a lower RMSE than the seed rule in every scenario', () => {
    const rows = simulateMastery({ learners: 600, seed: 7 });
    expect(rows).toHaveLength(8);
    for (let i = 0; i < rows.length; i += 2) {
      const seed = rows[i];
      const model = rows[i + 1];
      expect(seed?.model).toBe('seed rule');
      expect(model?.model).toBe('Bayesian IRT');
      for (const checkpoint of [10, 20]) {
        expect(model?.rmse[checkpoint]).toBeLessThan((seed?.rmse[checkpoint] ?? 0) * 0.8);
      }
      // More evidence, better estimate: the model keeps converging.
      expect(model?.rmse[20]).toBeLessThan(model?.rmse[10] ?? 0);
    }
  });

  it('when the seed is the same, then the figures are the same (reproducible)', () => {
    expect(simulateMastery({ learners: 50, seed: 3 })).toEqual(simulateMastery({ learners: 50, seed: 3 }));
  });
});
