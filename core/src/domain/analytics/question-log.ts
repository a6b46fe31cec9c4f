import type { Db } from '../../db/db-types.js';
import type { Actor } from '../identity/actor.js';
import { requireCourseRole } from '../identity/courses.js';
import { listCourseTopics, listFeedback, listQuestionsWithAnswers } from './analytics.repository.js';

/** Filters of the question log; days are UTC calendar days, `to` inclusive. */
export interface QuestionLogFilter { topicId?: string | undefined; from?: string | undefined; to?: string | undefined; answered?: 'true' | 'false' | undefined; limit: number }

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);

/**
 * What learners asked the course, newest first: who, when, whether the course could answer (`answered` false =
 * refused / not found), the topic of the passage the answer cited first, and the feedback the answer got.
 *
 * @example
 * const log = await getQuestionLog(db, actor, courseId, { answered: 'false', limit: 100 });
 */
export async function getQuestionLog(db: Db, actor: Actor, courseId: string, filter: QuestionLogFilter) {
  await requireCourseRole(db, actor, courseId, 'instructor');
  const topics = await listCourseTopics(db, actor.tenantId, courseId);
  const titles = new Map(topics.map((t) => [t.id, t.title]));
  // Topic and answered filters apply after the join, so read more rows than the page holds.
  const rows = await listQuestionsWithAnswers(db, actor.tenantId, courseId, {
    from: filter.from ? new Date(`${filter.from}T00:00:00Z`) : undefined, to: filter.to ? nextDay(filter.to) : undefined,
    limit: filter.topicId || filter.answered ? 5000 : filter.limit,
  });
  const kept = rows.filter((r) => (!filter.topicId || r.topic_id === filter.topicId)
    && (filter.answered === undefined || (filter.answered === 'true' ? r.found === true : r.found !== true))).slice(0, filter.limit);
  const feedback = await listFeedback(db, actor.tenantId, kept.flatMap((r) => (r.answer_id ? [r.answer_id] : [])));
  return {
    items: kept.map((r) => {
      const own = feedback.filter((f) => f.answer_id === r.answer_id);
      return {
        questionId: r.id, text: r.text, createdAt: r.created_at, userId: r.user_id, userName: r.user_name || r.user_email || null,
        answered: r.found ?? null, answerExcerpt: r.answer_text ? r.answer_text.slice(0, 280) : null,
        topic: r.topic_id ? { id: r.topic_id, title: titles.get(r.topic_id) ?? '' } : null,
        feedback: {
          helpful: own.filter((f) => f.helpful).length, notHelpful: own.filter((f) => !f.helpful).length,
          grounded: own.filter((f) => f.grounded).length, notGrounded: own.filter((f) => !f.grounded).length,
        },
        comments: own.flatMap((f) => (f.comment ? [f.comment] : [])),
      };
    }),
    topics: topics.map((t) => ({ id: t.id, title: t.title })),
  };
}
