import { describe, expect, it } from 'vitest';
import {
  FIT_GRID, FIT_SEEDS, HELD_OUT_SEED, SHIFTED_POPULATION, fitScore, paramsAt, simulateMastery,
} from '../../../bench/mastery.bench.js';
import { SKILL_MODEL } from '../../src/domain/mastery/index.js';

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

describe('mastery model parameters: fit on some simulated learners, reported on others (bench/mastery.bench.ts)', () => {
  it('when the figures are reported, then the held-out seed is none of the seeds the parameters were fit on', () => {
    expect(FIT_SEEDS).not.toContain(HELD_OUT_SEED);
  });

  it('when the product parameters are run on the held-out seed, of the fit population and of a shifted one, then the learning model beats the fixed-skill model on learners who learn, and the ECE stays ≤ 0.05 on the fit population', () => {
    const heldOut = simulateMastery({ learners: 600, seed: HELD_OUT_SEED });
    const shifted = simulateMastery({ learners: 600, seed: HELD_OUT_SEED, population: SHIFTED_POPULATION });
    for (const rows of [heldOut, shifted]) {
      for (const r of rows.filter((x) => x.learners !== 'fixed skill')) {
        expect(r.rmse['learning model (now)'][20]).toBeLessThan(r.rmse['fixed-skill model (before)'][20] ?? 0);
      }
    }
    for (const r of heldOut) expect(r.ece.now).toBeLessThanOrEqual(0.05);
  });

  it('when the product parameters are scored, then they are a point of the fit grid (not hand-set between its points)', () => {
    expect(FIT_GRID.learnRate).toContain(SKILL_MODEL.learnRate);
    expect(FIT_GRID.drift).toContain(SKILL_MODEL.drift);
    expect(FIT_GRID.halfLifeDays).toContain(SKILL_MODEL.forgetting.halfLifeDays);
    expect(FIT_GRID.retained).toContain(SKILL_MODEL.forgetting.retained);
    // The fit's objective prefers them to the grid's neighbours on a fit seed (a small check, not the full search).
    const score = (params: typeof SKILL_MODEL) => fitScore(simulateMastery({ learners: 300, seed: FIT_SEEDS[0], params }));
    const here = score(SKILL_MODEL);
    expect(here).toBeLessThan(score(paramsAt({ learnRate: 0.03, drift: 0.12, halfLifeDays: SKILL_MODEL.forgetting.halfLifeDays, retained: SKILL_MODEL.forgetting.retained })));
  });
});
