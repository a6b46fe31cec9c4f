import { describe, expect, it } from 'vitest';
import {
  SKILL_MODEL, applyResponses, emptyCourseMastery, estimateMastery, forget, priorBelief, startSession, stateAt, summariseCourseMastery,
  tierForTopic, updateBelief, type SkillBelief, type TopicResponse,
} from '../../src/domain/mastery/index.js';

const DAY = 86_400_000;
const start = new Date('2026-03-02T09:00:00Z');
const later = (days: number) => new Date(start.getTime() + days * DAY);
const rightAnswers = (topicId: string, tier: 1 | 2 | 3 | 4, count: number): TopicResponse[] =>
  Array.from({ length: count }, () => ({ topicId, tier, correct: true, guess: 0.25 }));

describe('time-based forgetting', () => {
  const strong: SkillBelief = { mu: 2.5, variance: 0.2, evidence: 20, correct: 19 };

  it('when no time has passed, then nothing is forgotten', () => {
    expect(forget(strong, 0)).toEqual(strong);
    expect(forget(strong, -3)).toEqual(strong);
  });

  it('when days pass without practice, then skill above the prior decays toward the retained share and the belief widens', () => {
    const week = forget(strong, SKILL_MODEL.forgetting.halfLifeDays / 3);
    const halfLife = forget(strong, SKILL_MODEL.forgetting.halfLifeDays);
    const year = forget(strong, 365);
    expect(week.mu).toBeLessThan(strong.mu);
    expect(halfLife.mu).toBeLessThan(week.mu);
    // After one half-life, half of what can be forgotten is gone.
    const { retained } = SKILL_MODEL.forgetting;
    expect(halfLife.mu).toBeCloseTo(strong.mu * (retained + (1 - retained) / 2), 6);
    // Never below the retained share, and the uncertainty grows but not past the prior's.
    expect(year.mu).toBeGreaterThanOrEqual(strong.mu * retained);
    expect(week.variance).toBeGreaterThan(strong.variance);
    expect(year.variance).toBeLessThanOrEqual(SKILL_MODEL.prior.variance);
    expect(estimateMastery(year).mastery).toBeLessThan(estimateMastery(strong).mastery);
  });

  it('when skill is at or below the prior, then forgetting does not raise it', () => {
    const weak: SkillBelief = { mu: -1.5, variance: 0.3, evidence: 10, correct: 2 };
    expect(forget(weak, 90).mu).toBe(-1.5);
    expect(startSession(weak, SKILL_MODEL, 90).mu).toBe(-1.5);
  });

  it('when a learner comes back after two months, then the next attempt starts from the forgotten skill, and the stored practice time moves on', () => {
    const drilled = applyResponses(emptyCourseMastery(), rightAnswers('t1', 2, 12), SKILL_MODEL, start);
    expect(drilled.topics.t1?.practicedAt).toBe(start.toISOString());
    const next = [{ topicId: 't1', tier: 2 as const, correct: true, guess: 0.25 }];
    const soon = applyResponses(drilled, next, SKILL_MODEL, later(1));
    const afterBreak = applyResponses(drilled, next, SKILL_MODEL, later(60));
    expect(afterBreak.topics.t1!.mu).toBeLessThan(soon.topics.t1!.mu);
    expect(afterBreak.course.mu).toBeLessThan(soon.course.mu);
    expect(afterBreak.topics.t1?.practicedAt).toBe(later(60).toISOString());
  });

  it('when the summary is read later, then it shows the forgotten mastery and may ask for an easier tier, without changing the stored state', () => {
    const drilled = applyResponses(emptyCourseMastery(), [...rightAnswers('t1', 3, 15), ...rightAnswers('t1', 4, 10)], SKILL_MODEL, start);
    const now = summariseCourseMastery(drilled, start);
    const months = summariseCourseMastery(drilled, later(120));
    expect(months.topics.t1!.mastery).toBeLessThan(now.topics.t1!.mastery);
    expect(months.topics.t1!.uncertainty).toBeGreaterThan(now.topics.t1!.uncertainty);
    expect(months.course.pMastered).toBeLessThan(now.course.pMastered);
    expect(tierForTopic(drilled, 't1', later(120))).toBeLessThanOrEqual(tierForTopic(drilled, 't1', start));
    expect(stateAt(drilled, start)).toEqual(drilled);
  });

  it('when a stored belief has no practice time, then no forgetting is applied to it', () => {
    const belief = updateBelief(priorBelief(), { tier: 1, correct: true, guess: 0.25 });
    const state = { course: belief, topics: {} };
    expect(stateAt(state, later(400)).course).toEqual(belief);
  });
});
