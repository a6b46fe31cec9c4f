import { describe, expect, it } from 'vitest';
import {
  type CourseMasteryState, type Tier, applyResponses, beliefOfScope, decideNextTier, emptyCourseMastery, isNextTierInReach, priorBelief,
  tierForTopic,
} from '../../src/domain/mastery/index.js';

/**
 * Runs a learner's topic quizzes through the product's path (the mastery update, then the tier rule on the
 * topic's belief): each quiz is a list of right/wrong first answers to four-option items at the tier the rule chose.
 */
function takeQuizzes(quizzes: readonly (readonly boolean[])[], startTier: Tier = 1) {
  let state: CourseMasteryState = emptyCourseMastery();
  let tier: Tier = startTier;
  const percents: number[] = [];
  const tiers: Tier[] = [];
  const reasons: string[] = [];
  let at = Date.parse('2026-11-02T09:00:00Z');
  for (const answers of quizzes) {
    tiers.push(tier);
    state = applyResponses(state, answers.map((correct) => ({ topicId: 't', tier, correct, guess: 0.25 })), undefined, new Date(at));
    at += 60 * 60_000;
    percents.push((100 * answers.filter(Boolean).length) / answers.length);
    const move = decideNextTier({ lastTier: tier, firstAttemptPercents: percents, modelTier: tierForTopic(state, 't', new Date(at)), belief: beliefOfScope(state, 't') });
    reasons.push(move.reason);
    tier = move.tier;
  }
  return { tiers, next: tier, reasons };
}

const score = (right: number, of: number): boolean[] => Array.from({ length: of }, (_, i) => i < right);

describe('tier moves', () => {
  it('when two consecutive quizzes are at ≥ 85 %, then the next is one tier up, whatever the model says', () => {
    const doubtful = { mu: -3, variance: 0.05, evidence: 40, correct: 5 };
    expect(decideNextTier({ lastTier: 1, firstAttemptPercents: [0, 50, 100, 100], modelTier: 1, belief: doubtful }))
      .toEqual({ tier: 2, reason: 'up-two-strong-quizzes' });
    expect(decideNextTier({ lastTier: 4, firstAttemptPercents: [90, 85], modelTier: 4, belief: doubtful }).tier).toBe(4);
  });

  it('when two consecutive quizzes are below 50 %, then the next is one tier down, whatever the model says', () => {
    const confident = { mu: 3, variance: 0.05, evidence: 40, correct: 38 };
    expect(decideNextTier({ lastTier: 3, firstAttemptPercents: [40, 20], modelTier: 4, belief: confident }))
      .toEqual({ tier: 2, reason: 'down-two-weak-quizzes' });
    expect(decideNextTier({ lastTier: 1, firstAttemptPercents: [0, 0], modelTier: 1, belief: confident }).tier).toBe(1);
  });

  it('when the scores are mixed, then the model decides, at most one tier from the last', () => {
    const belief = priorBelief();
    expect(decideNextTier({ lastTier: 1, firstAttemptPercents: [60, 70], modelTier: 4, belief })).toEqual({ tier: 2, reason: 'model' });
    expect(decideNextTier({ lastTier: 2, firstAttemptPercents: [84, 60], modelTier: 2, belief }).tier).toBe(2);
    expect(decideNextTier({ lastTier: undefined, firstAttemptPercents: [], modelTier: 1, belief })).toEqual({ tier: 1, reason: 'first-quiz' });
  });

  it('when a learner who started at 0 % has improved and aces a quiz, then the next quiz is a tier up before a second perfect quiz', () => {
    // The drilling learner of the API test: nothing known, then the keys it was shown.
    const run = takeQuizzes([score(0, 4), score(3, 3), score(2, 3), score(4, 4)]);
    expect(run.tiers).toEqual([1, 1, 1, 1]);
    expect(run.next).toBe(2);
    expect(run.reasons.at(-1)).toBe('up-strong-quiz-and-model');
  });

  it('when a learner aces one quiz right after scoring 0 %, then the model cannot yet place it a tier up and it stays', () => {
    expect(takeQuizzes([score(0, 4), score(3, 3)]).next).toBe(1);
  });

  it('when a learner does not improve, then it stays at its tier quiz after quiz, a perfect quiz included', () => {
    const flat = takeQuizzes(Array.from({ length: 8 }, () => score(3, 5)));
    expect(new Set([...flat.tiers, flat.next])).toEqual(new Set([1]));
    const weak = takeQuizzes([score(2, 5), score(2, 5), score(2, 5), score(2, 5), score(5, 5)]);
    expect([...weak.tiers, weak.next]).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('when a learner collapses after rising, then two quizzes below 50 % take it back down', () => {
    const run = takeQuizzes([score(5, 5), score(5, 5), score(5, 5), score(1, 5), score(0, 5)]);
    // The first weak quiz already lets the model step down one (its tier is at most one from the last).
    expect(run.tiers).toEqual([1, 2, 3, 4, 3]);
    expect(run.next).toBe(2);
    expect(run.reasons.at(-1)).toBe('down-two-weak-quizzes');
  });

  it('when the belief is wide, then the tier above is in reach sooner than with the same mean and a narrow belief; tier 4 has none above', () => {
    expect(isNextTierInReach({ mu: 0, variance: 1, evidence: 5, correct: 4 }, 1)).toBe(true);
    expect(isNextTierInReach({ mu: 0, variance: 0.05, evidence: 50, correct: 40 }, 1)).toBe(false);
    expect(isNextTierInReach({ mu: 9, variance: 1, evidence: 50, correct: 50 }, 4)).toBe(false);
  });
});
