import type { Db } from '../../db/db-types.js';
import { listQuizHistoryOfUser } from './quiz.repository.js';
import { type Tier, clampTier } from '../mastery/tiers.js';

/** A learner's quizzes in one scope (a topic, or course-wide quizzes), oldest first. */
export interface TierHistory {
  /** First-attempt percent of each attempted quiz of the scope, oldest first (re-attempts never count). */
  firstAttemptPercents: number[];
  /** Tier of the newest attempted quiz of the scope. */
  lastTier: Tier | undefined;
  /** Tier the newest first attempt recommended for the next quiz. */
  nextTier: Tier | undefined;
}

/**
 * The history tier moves are decided on: the learner's quizzes on the same topic (or course-wide ones when
 * `topicId` is null) that have an attempt, with their first attempts' scores.
 *
 * @example
 * const history = await loadTierHistory(db, tenantId, courseId, userId, topicId);
 */
export async function loadTierHistory(db: Db, tenantId: string, courseId: string, userId: string, topicId: string | null): Promise<TierHistory> {
  const quizzes = (await listQuizHistoryOfUser(db, tenantId, courseId, userId))
    .filter((q) => (q.topic_id ?? null) === topicId && q.firstAttempt !== null).reverse();
  const newest = quizzes.at(-1);
  return {
    firstAttemptPercents: quizzes.map((q) => (q.firstAttempt && q.firstAttempt.max_score > 0 ? (100 * q.firstAttempt.score) / q.firstAttempt.max_score : 0)),
    lastTier: newest ? clampTier(newest.tier) : undefined,
    nextTier: newest?.firstAttempt ? clampTier(newest.firstAttempt.next_tier) : undefined,
  };
}
