import type { Db } from '../../db/db-types.js';
import { notFound } from '../../errors/app-error.js';
import type { Actor } from '../identity/actor.js';
import { requireCourseRole } from '../identity/courses.js';
import { loadCourseMasteryAt } from '../mastery/mastery.repository.js';
import type { MasteryEstimate } from '../mastery/skill-model.js';
import { activityByUser, listCourseAttempts, listCourseLearners, listCourseTopics, listFeedback, listQuestionsWithAnswers } from './analytics.repository.js';

const oneDecimal = (percent: number) => Math.round(percent * 10) / 10;
/** A mastery cell as the views show it (percent with one decimal), or nulls where there is no estimate. */
const cellOf = (estimate: MasteryEstimate | undefined) => ({
  mastery: estimate ? oneDecimal(estimate.mastery) : null, uncertainty: estimate ? oneDecimal(estimate.uncertainty) : null, evidence: estimate?.evidence ?? 0,
});
const later = (a: Date | null, b: Date | undefined | null) => (!b ? a : !a || b > a ? b : a);
const nameOf = (u: { name: string; email: string | null }) => u.name || u.email || 'Unnamed learner';

/**
 * The class at a glance: every learner × topic mastery (with uncertainty and evidence), the course-level
 * distribution, who has not started, weak topics, feedback on answers and the latest questions.
 * Instructors of the course and tenant admins only.
 *
 * @example
 * const analytics = await getCourseAnalytics(db, actor, courseId);
 */
export async function getCourseAnalytics(db: Db, actor: Actor, courseId: string) {
  await requireCourseRole(db, actor, courseId, 'instructor');
  const [members, mastery, topics, activity, questions] = await Promise.all([
    listCourseLearners(db, actor.tenantId, courseId), loadCourseMasteryAt(db, actor.tenantId, courseId), listCourseTopics(db, actor.tenantId, courseId),
    activityByUser(db, actor.tenantId, courseId), listQuestionsWithAnswers(db, actor.tenantId, courseId, { limit: 5000 }),
  ]);
  const learners = members.filter((m) => m.role === 'learner' && m.status !== 'deactivated');
  const attemptsOf = new Map(activity.attempts.map((a) => [a.user_id, a]));
  const questionsOf = new Map(activity.questions.map((q) => [q.user_id, q]));
  const rows = learners.map((u) => {
    // Mastery as it stands now (forgetting since the last practice applied), as the learner and the LMS see it.
    const own = mastery.get(u.id);
    const attempts = attemptsOf.get(u.id)?.n ?? 0;
    const asked = questionsOf.get(u.id)?.n ?? 0;
    const { mastery: courseMastery, uncertainty } = cellOf(own?.course);
    return {
      userId: u.id, name: nameOf(u), email: u.email, hasStarted: attempts > 0 || asked > 0 || own !== undefined,
      mastery: courseMastery, uncertainty, attempts, questions: asked,
      lastActiveAt: later(later(null, attemptsOf.get(u.id)?.last), questionsOf.get(u.id)?.last),
      topics: topics.map((t) => ({ topicId: t.id, ...cellOf(own?.topics[t.id]) })),
    };
  });
  const started = rows.filter((r) => r.mastery !== null);
  const distribution = [0, 20, 40, 60, 80].map((from) => ({
    from, to: from + 20, learners: started.filter((r) => (r.mastery ?? 0) >= from && ((r.mastery ?? 0) < from + 20 || (from === 80 && (r.mastery ?? 0) <= 100))).length,
  }));
  const weakTopics = topics.map((t) => {
    const cells = rows.map((r) => r.topics.find((c) => c.topicId === t.id)).filter((c) => c && c.mastery !== null && c.evidence > 0);
    const mean = cells.length ? cells.reduce((s, c) => s + (c?.mastery ?? 0), 0) / cells.length : null;
    return { topicId: t.id, title: t.title, mastery: mean === null ? 0 : Math.round(mean * 10) / 10, learners: cells.length, hasData: mean !== null };
  }).filter((t) => t.hasData && t.mastery < 60).sort((a, b) => a.mastery - b.mastery).slice(0, 10).map(({ hasData: _unused, ...t }) => t);
  const feedbackRows = await listFeedback(db, actor.tenantId, questions.flatMap((q) => (q.answer_id ? [q.answer_id] : [])));
  const attempts = await listCourseAttempts(db, actor.tenantId, courseId);
  return {
    courseId, learnersTotal: learners.length, learnersStarted: rows.filter((r) => r.hasStarted).length,
    questionsAsked: questions.length, unansweredQuestions: questions.filter((q) => q.found === false).length, attempts: attempts.length,
    feedback: {
      helpful: feedbackRows.filter((f) => f.helpful).length, notHelpful: feedbackRows.filter((f) => !f.helpful).length,
      grounded: feedbackRows.filter((f) => f.grounded).length, notGrounded: feedbackRows.filter((f) => !f.grounded).length,
    },
    topics: topics.map((t) => ({ id: t.id, title: t.title })),
    learners: rows, distribution,
    notStarted: rows.filter((r) => !r.hasStarted).map((r) => ({ userId: r.userId, name: r.name })),
    weakTopics,
    recentQuestions: questions.slice(0, 10).map((q) => ({ questionId: q.id, question: q.text, found: q.found ?? null, createdAt: q.created_at })),
  };
}

/**
 * One learner of the course: per-topic mastery with uncertainty and evidence, their attempts and their questions.
 *
 * @example
 * const learner = await getLearnerDrilldown(db, actor, courseId, userId);
 */
export async function getLearnerDrilldown(db: Db, actor: Actor, courseId: string, userId: string) {
  await requireCourseRole(db, actor, courseId, 'instructor');
  const member = (await listCourseLearners(db, actor.tenantId, courseId)).find((m) => m.id === userId);
  if (!member) throw notFound('Learner', { user_id: userId });
  const [mastery, topics, attempts, questions] = await Promise.all([
    loadCourseMasteryAt(db, actor.tenantId, courseId), listCourseTopics(db, actor.tenantId, courseId),
    listCourseAttempts(db, actor.tenantId, courseId), listQuestionsWithAnswers(db, actor.tenantId, courseId, { userId, limit: 200 }),
  ]);
  const own = mastery.get(userId);
  return {
    userId, name: nameOf(member), email: member.email,
    course: own ? { mastery: oneDecimal(own.course.mastery), uncertainty: oneDecimal(own.course.uncertainty), evidence: own.course.evidence } : null,
    topics: topics.map((t) => ({ topicId: t.id, title: t.title, ...cellOf(own?.topics[t.id]) })),
    attempts: attempts.filter((a) => a.user_id === userId).reverse().map((a) => ({
      attemptId: a.id, quizId: a.quiz_id, tier: a.tier, score: a.score, maxScore: a.max_score,
      percent: a.max_score > 0 ? Math.round((1000 * a.score) / a.max_score) / 10 : 0, createdAt: a.created_at,
    })),
    questions: questions.map((q) => ({ questionId: q.id, text: q.text, found: q.found ?? null, createdAt: q.created_at })),
  };
}
