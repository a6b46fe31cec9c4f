import { type Card, type Grade, Rating, State, createEmptyCard, fsrs, generatorParameters } from 'ts-fsrs';

/** The four answers a learner gives a card, as FSRS names them. */
export const REVIEW_RATINGS = ['again', 'hard', 'good', 'easy'] as const;
export type ReviewRating = (typeof REVIEW_RATINGS)[number];

const GRADE: Record<ReviewRating, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };

/**
 * FSRS with its default weights and 90% requested retention; fuzz off, so a due date is a pure function of
 * the review history (tests compare with ts-fsrs itself). See docs/decisions/0050-fsrs-scheduling.md.
 */
export const FSRS_PARAMETERS = generatorParameters({ enable_fuzz: false });
const scheduler = fsrs(FSRS_PARAMETERS);

/** A card's FSRS memory state as stored (`flashcard_schedules.state`): dates as ISO strings. */
export interface StoredCardState {
  due: string; stability: number; difficulty: number; scheduled_days: number; learning_steps: number;
  reps: number; lapses: number; state: 'new' | 'learning' | 'review' | 'relearning'; last_review: string | null;
}

const STATE_NAMES = { [State.New]: 'new', [State.Learning]: 'learning', [State.Review]: 'review', [State.Relearning]: 'relearning' } as const;
const STATE_VALUES = { new: State.New, learning: State.Learning, review: State.Review, relearning: State.Relearning } as const;

function toStored(card: Card): StoredCardState {
  return {
    due: card.due.toISOString(), stability: card.stability, difficulty: card.difficulty, scheduled_days: card.scheduled_days,
    learning_steps: card.learning_steps, reps: card.reps, lapses: card.lapses, state: STATE_NAMES[card.state],
    last_review: card.last_review ? card.last_review.toISOString() : null,
  };
}

function fromStored(stored: StoredCardState): Card {
  return {
    due: new Date(stored.due), stability: stored.stability, difficulty: stored.difficulty, elapsed_days: 0,
    scheduled_days: stored.scheduled_days, learning_steps: stored.learning_steps, reps: stored.reps, lapses: stored.lapses,
    state: STATE_VALUES[stored.state], ...(stored.last_review ? { last_review: new Date(stored.last_review) } : {}),
  };
}

/** The outcome of one review: the new state, when the card is next due, and the interval in days. */
export interface ScheduledReview { state: StoredCardState; due: Date; intervalDays: number }

/**
 * Schedules a card after a review with FSRS: a card never reviewed starts empty. Pure.
 *
 * @example
 * const first = scheduleReview(undefined, 'good', new Date()); // → due in 10 minutes (learning step)
 * const next = scheduleReview(first.state, 'good', first.due);  // → due in days
 */
export function scheduleReview(previous: StoredCardState | undefined, rating: ReviewRating, now: Date): ScheduledReview {
  const card = previous ? fromStored(previous) : createEmptyCard(now);
  const { card: next } = scheduler.next(card, now, GRADE[rating]);
  return { state: toStored(next), due: next.due, intervalDays: (next.due.getTime() - now.getTime()) / 86_400_000 };
}
