import { describe, expect, it } from 'vitest';
import {
  FIXED_SKILL_MODEL, applyResponses, emptyCourseMastery, estimateMastery, nextTierFor, priorBelief, seedMastery,
  seedNextTier, summariseCourseMastery, tierForTopic, updateBelief, type SkillBelief, type Tier,
} from '../../src/domain/mastery/index.js';

const answerAll = (belief: SkillBelief, tier: Tier, correct: boolean, count: number): SkillBelief => {
  let next = belief;
  for (let i = 0; i < count; i += 1) next = updateBelief(next, { tier, correct, guess: 0.25 });
  return next;
};

describe('seed rule', () => {
  it('when recent scores average above 85, then it moves up a tier; below 60, down; otherwise stays', () => {
    expect(seedMastery([40, 80, 100])).toBeCloseTo((40 + 160 + 300) / 6, 6);
    expect(seedNextTier(2, [90, 95])).toBe(3);
    expect(seedNextTier(2, [50, 40])).toBe(1);
    expect(seedNextTier(2, [70])).toBe(2);
    expect(seedNextTier(4, [100])).toBe(4);
    expect(seedNextTier(1, [0])).toBe(1);
  });

  it('when more than N attempts exist, then only the last N count', () => {
    expect(seedMastery([0, 0, 0, 100, 100, 100, 100, 100])).toBe(100);
  });
});

describe('Bayesian IRT skill model', () => {
  it('when a learner answers correctly, then the mean rises and the uncertainty shrinks; wrong answers lower it', () => {
    const prior = priorBelief();
    const up = updateBelief(prior, { tier: 2, correct: true, guess: 0.25 });
    const down = updateBelief(prior, { tier: 2, correct: false, guess: 0.25 });
    expect(up.mu).toBeGreaterThan(prior.mu);
    expect(down.mu).toBeLessThan(prior.mu);
    expect(up.variance).toBeLessThan(prior.variance);
    expect(estimateMastery(up).uncertainty).toBeLessThan(estimateMastery(prior).uncertainty);
  });

  it('when an easy item is answered right, then it moves the estimate less than a hard one', () => {
    const easy = updateBelief(priorBelief(), { tier: 1, correct: true, guess: 0.25 });
    const hard = updateBelief(priorBelief(), { tier: 4, correct: true, guess: 0.25 });
    expect(hard.mu - priorBelief().mu).toBeGreaterThan(easy.mu - priorBelief().mu);
  });

  it('when a right answer could be a lucky guess, then it counts for less than a short answer', () => {
    const guessable = updateBelief(priorBelief(), { tier: 2, correct: true, guess: 0.5 });
    const recalled = updateBelief(priorBelief(), { tier: 2, correct: true, guess: 0 });
    expect(recalled.mu).toBeGreaterThan(guessable.mu);
  });

  it('when a new learner starts, then the tier is 1; after strong answers it climbs, after weak ones it falls', () => {
    expect(nextTierFor(priorBelief())).toBe(1);
    const strong = answerAll(answerAll(priorBelief(), 1, true, 5), 2, true, 5);
    expect(nextTierFor(strong)).toBeGreaterThanOrEqual(3);
    const weak = answerAll(strong, 3, false, 10);
    expect(nextTierFor(weak)).toBeLessThan(nextTierFor(strong));
  });

  it('when estimates are summarised, then mastery is 0–100, pMastered is 0–1 and both grow with skill', () => {
    const low = estimateMastery(answerAll(priorBelief(), 2, false, 10));
    const high = estimateMastery(answerAll(priorBelief(), 3, true, 10));
    for (const e of [low, high]) {
      expect(e.mastery).toBeGreaterThanOrEqual(0);
      expect(e.mastery).toBeLessThanOrEqual(100);
      expect(e.pMastered).toBeGreaterThanOrEqual(0);
      expect(e.pMastered).toBeLessThanOrEqual(1);
    }
    expect(high.mastery).toBeGreaterThan(low.mastery + 30);
    expect(high.pMastered).toBeGreaterThan(low.pMastered);
  });
});

describe('course mastery', () => {
  it('when responses touch two topics, then each topic has its own estimate and the course pools them', () => {
    const state = applyResponses(emptyCourseMastery(), [
      ...Array.from({ length: 5 }, () => ({ topicId: 'a', tier: 2 as const, correct: true, guess: 0.25 })),
      ...Array.from({ length: 5 }, () => ({ topicId: 'b', tier: 2 as const, correct: false, guess: 0.25 })),
    ]);
    const summary = summariseCourseMastery(state);
    expect(summary.topics.a?.evidence).toBe(5);
    expect(summary.topics.b?.evidence).toBe(5);
    expect(summary.course.evidence).toBe(10);
    expect(summary.topics.a?.mastery).toBeGreaterThan(summary.course.mastery);
    expect(summary.topics.b?.mastery).toBeLessThan(summary.course.mastery);
    expect(tierForTopic(state, 'a')).toBeGreaterThan(tierForTopic(state, 'b'));
  });
});

describe('learning and replays', () => {
  it('when a learner who failed early answers right again and again, then the learning model rises faster than the fixed-skill one', () => {
    const drill = (params?: typeof FIXED_SKILL_MODEL) => {
      let belief = priorBelief(params);
      for (const correct of [false, false, false, false, true, true, true, true, true, true, true, true]) {
        belief = updateBelief(belief, { tier: 1, correct, guess: 0.25 }, params);
      }
      return belief;
    };
    expect(drill().mu).toBeGreaterThan(drill(FIXED_SKILL_MODEL).mu + 0.3);
  });
});
