import { type Db, withTransaction } from '../../db/db-types.js';
import { loadMasteryState, lockLearnerMastery, saveMasteryState } from '../mastery/mastery.repository.js';
import type { Actor } from '../identity/actor.js';
import { audit } from '../identity/audit.js';
import { applyResponses, summariseCourseMastery } from '../mastery/course-mastery.js';
import { loadStudyableCard } from './flashcards.js';
import { type ReviewRating, type StoredCardState, scheduleReview } from './schedule-card.js';
import { lockCardSchedule, loadSchedule, saveReview } from './study.repository.js';

/** The outcome of a review as the API returns it. */
export interface ReviewView {
  cardId: string; rating: ReviewRating; reviewedAt: Date; dueAt: Date; intervalDays: number;
  schedule: Pick<StoredCardState, 'state' | 'reps' | 'lapses' | 'stability' | 'difficulty'>;
  /** The mastery of the card's topic after the review (null when the card has no topic). */
  topicMastery: { topicId: string; mastery: number; evidence: number } | null;
}

/**
 * Records a learner's review of a card: FSRS schedules the next one (Again/Hard/Good/Easy → new stability,
 * difficulty and due date), the review is logged, and it counts as evidence for the topic's mastery — a
 * recall item (tier 1) with no guessing floor, right unless rated Again. All in one transaction.
 *
 * @example
 * const review = await reviewFlashcard(db, actor, cardId, 'good'); // → { dueAt, intervalDays: 0.0069, … }
 */
export async function reviewFlashcard(db: Db, actor: Actor, cardId: string, rating: ReviewRating, now: Date = new Date()): Promise<ReviewView> {
  const card = await loadStudyableCard(db, actor, cardId);
  return withTransaction(db, async (trx) => {
    await lockCardSchedule(trx, card.id, actor.userId);
    const scheduled = scheduleReview(await loadSchedule(trx, card.id, actor.userId), rating, now);
    await saveReview(trx, {
      tenantId: actor.tenantId, courseId: card.course_id, cardId: card.id, userId: actor.userId, rating,
      state: scheduled.state, due: scheduled.due, intervalDays: scheduled.intervalDays, reviewedAt: now,
    });
    await lockLearnerMastery(trx, card.course_id, actor.userId);
    const state = applyResponses(await loadMasteryState(trx, actor.tenantId, card.course_id, actor.userId),
      [{ topicId: card.topic_id, tier: 1, correct: rating !== 'again', guess: 0 }]);
    const summary = summariseCourseMastery(state);
    await saveMasteryState(trx, { tenantId: actor.tenantId, courseId: card.course_id, userId: actor.userId }, state, summary);
    await audit(trx, actor, 'flashcard.reviewed', 'flashcard', card.id, { rating, due: scheduled.due.toISOString() });
    const topic = card.topic_id ? summary.topics[card.topic_id] : undefined;
    return {
      cardId: card.id, rating, reviewedAt: now, dueAt: scheduled.due, intervalDays: scheduled.intervalDays,
      schedule: {
        state: scheduled.state.state, reps: scheduled.state.reps, lapses: scheduled.state.lapses,
        stability: scheduled.state.stability, difficulty: scheduled.state.difficulty,
      },
      topicMastery: card.topic_id && topic ? { topicId: card.topic_id, mastery: topic.mastery, evidence: topic.evidence } : null,
    };
  });
}
