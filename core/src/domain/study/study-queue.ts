import type { Db } from '../../db/db-types.js';
import { loadMasteryState } from '../mastery/mastery.repository.js';
import type { Actor } from '../identity/actor.js';
import { requireCourseRole } from '../identity/courses.js';
import { summariseCourseMastery } from '../mastery/course-mastery.js';
import { type FlashcardView, presentCards } from './flashcards.js';
import { countCardsStartedSince, listLearnerCards } from './study.repository.js';

/**
 * Queue settings.
 * - newPerDay: new cards a learner starts per day (Anki's default is 20);
 * - weakBelow: a topic is weak when its expected mastery is under this (0–100) after some evidence.
 */
export const STUDY_QUEUE = { newPerDay: 20, weakBelow: 60 } as const;

/** Why a card is in today's queue. */
export type QueueReason = 'due' | 'weak_topic' | 'new';

/** Today's study queue. */
export interface StudyQueueView {
  courseId: string; generatedAt: Date;
  items: (FlashcardView & { reason: QueueReason })[];
  dueCount: number; newCount: number; newAllowance: number;
  weakTopics: { topicId: string; title: string; mastery: number }[];
}

const startOfUtcDay = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

/**
 * The learner's queue for today: cards due now (most overdue first), then new cards of their weak topics
 * (weakest first, from the mastery model), then other new cards in course order — new cards capped by the
 * daily allowance (minus those already started today), the whole queue by `limit`.
 *
 * @example
 * const queue = await getStudyQueue(db, actor, courseId, { limit: 20 });
 */
export async function getStudyQueue(db: Db, actor: Actor, courseId: string, options: { limit: number; now?: Date }): Promise<StudyQueueView> {
  const now = options.now ?? new Date();
  await requireCourseRole(db, actor, courseId, 'learner');
  const rows = await listLearnerCards(db, actor.tenantId, courseId, actor.userId);
  const summary = summariseCourseMastery(await loadMasteryState(db, actor.tenantId, courseId, actor.userId));
  const titles = new Map(rows.filter((r) => r.topic_id).map((r) => [r.topic_id as string, r.topic_title ?? '']));
  const weakTopics = Object.entries(summary.topics)
    .filter(([id, e]) => titles.has(id) && e.evidence > 0 && e.mastery < STUDY_QUEUE.weakBelow)
    .sort(([, a], [, b]) => a.mastery - b.mastery)
    .map(([topicId, e]) => ({ topicId, title: titles.get(topicId) ?? '', mastery: e.mastery }));
  const weakRank = new Map(weakTopics.map((t, i) => [t.topicId, i]));

  const due = rows.filter((r) => r.due && r.due.getTime() <= now.getTime()).sort((a, b) => (a.due as Date).getTime() - (b.due as Date).getTime());
  const fresh = rows.filter((r) => !r.due);
  const started = await countCardsStartedSince(db, actor.tenantId, courseId, actor.userId, startOfUtcDay(now));
  const newAllowance = Math.max(0, STUDY_QUEUE.newPerDay - started);
  const isWeak = (r: (typeof rows)[number]) => r.topic_id !== null && weakRank.has(r.topic_id);
  const newWeak = fresh.filter(isWeak).sort((a, b) => (weakRank.get(a.topic_id as string) ?? 0) - (weakRank.get(b.topic_id as string) ?? 0));
  const newOther = fresh.filter((r) => !isWeak(r));
  const picked = [
    ...due.map((row) => ({ row, reason: 'due' as const })),
    ...[...newWeak.map((row) => ({ row, reason: 'weak_topic' as const })), ...newOther.map((row) => ({ row, reason: 'new' as const }))].slice(0, newAllowance),
  ].slice(0, options.limit);
  const views = await presentCards(db, actor.tenantId, picked.map((p) => p.row));
  return {
    courseId, generatedAt: now, items: views.map((view, i) => ({ ...view, reason: picked[i]?.reason ?? 'new' })),
    dueCount: due.length, newCount: fresh.length, newAllowance, weakTopics,
  };
}
