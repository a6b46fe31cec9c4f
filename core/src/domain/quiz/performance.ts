import type { Db } from '../../db/db-types.js';
import { listAttempts } from './quiz.repository.js';
import { loadPerformanceReads } from './performance.repository.js';
import { loadMasteryAt } from '../mastery/mastery.repository.js';
import { AppError } from '../../errors/app-error.js';
import type { Actor } from '../identity/actor.js';
import { requireCourseRole } from '../identity/courses.js';
import { emptyCourseMastery, summariseCourseMastery } from '../mastery/course-mastery.js';
import { loadVisibleQuiz } from './create-quiz.js';
import { topicKey } from '../ingestion/topics.js';

type AttemptRow = Pick<Awaited<ReturnType<typeof listAttempts>>[number], 'id' | 'quiz_id' | 'course_id' | 'user_id' | 'score' | 'max_score' | 'tier' | 'next_tier' | 'created_at'>;

/** An attempt in lists (no per-question detail). */
export interface AttemptSummaryView {
  id: string; quizId: string; courseId: string; userId: string | null; score: number; maxScore: number; percent: number;
  tier: number; nextTier: number; createdAt: Date;
}

const summarise = (row: AttemptRow): AttemptSummaryView => ({
  id: row.id, quizId: row.quiz_id, courseId: row.course_id, userId: row.user_id, score: row.score, maxScore: row.max_score,
  percent: row.max_score === 0 ? 0 : Math.round((1000 * row.score) / row.max_score) / 10, tier: row.tier, nextTier: row.next_tier,
  createdAt: row.created_at,
});

/**
 * Attempts at one quiz, newest first: the owner sees theirs, the course's instructors see all.
 *
 * @example
 * const attempts = await listQuizAttempts(db, actor, quizId);
 */
export async function listQuizAttempts(db: Db, actor: Actor, quizId: string): Promise<AttemptSummaryView[]> {
  const { quiz, isOwner } = await loadVisibleQuiz(db, actor, quizId);
  const rows = await listAttempts(db, { tenantId: actor.tenantId, courseId: quiz.course_id, quizId, ...(isOwner ? { userId: actor.userId } : {}) });
  return rows.map(summarise);
}

/**
 * A learner's attempts in a course, newest first. `user` is "me" or, for instructors, a learner's id.
 *
 * @example
 * const attempts = await listCourseAttempts(db, actor, courseId, 'me');
 */
export async function listCourseAttempts(db: Db, actor: Actor, courseId: string, user: string): Promise<AttemptSummaryView[]> {
  const role = await requireCourseRole(db, actor, courseId, 'learner');
  const userId = user === 'me' ? actor.userId : user;
  if (userId !== actor.userId && role !== 'instructor') throw new AppError('FORBIDDEN', 'Only instructors can see other learners\u2019 attempts');
  return (await listAttempts(db, { tenantId: actor.tenantId, courseId, userId })).map(summarise);
}

/** What the mastery meter and the performance panel show. */
export interface PerformanceView {
  courseId: string; userId: string; mastery: number; uncertainty: number; pMastered: number; evidence: number; tier: number;
  topics: { topicId: string; title: string; mastery: number; uncertainty: number; pMastered: number; evidence: number }[];
  recentAttempts: AttemptSummaryView[];
  recentQuestions: { id: string; text: string; createdAt: Date }[];
}

/**
 * The acting learner's performance in a course: course mastery (0–100) with its uncertainty and P(mastered),
 * every topic (topics without evidence show the course estimate with evidence 0; one section taught in several
 * files — the chapter as Markdown and as a PDF — is one entry), the tier of the next quiz,
 * the last attempts and the last questions they asked.
 *
 * @example
 * const performance = await getPerformance(db, actor, courseId);
 */
export async function getPerformance(db: Db, actor: Actor, courseId: string): Promise<PerformanceView> {
  await requireCourseRole(db, actor, courseId, 'learner');
  // The mastery rows and one statement for topics, attempts and questions, side by side (issue #20).
  // Mastery as it stands now (the same read the LMS grade uses); a learner with no mastery yet sees the prior.
  const [current, reads] = await Promise.all([
    loadMasteryAt(db, { tenantId: actor.tenantId, courseId, userId: actor.userId }),
    loadPerformanceReads(db, actor.tenantId, courseId, actor.userId, 10),
  ]);
  const summary = current ?? summariseCourseMastery(emptyCourseMastery());
  const { topics, attempts, questions: asked } = reads;
  return {
    courseId, userId: actor.userId, mastery: summary.course.mastery, uncertainty: summary.course.uncertainty,
    pMastered: summary.course.pMastered, evidence: summary.course.evidence, tier: summary.nextTier,
    topics: mergeSameSections(topics.map((t) => {
      const estimate = summary.topics[t.id];
      return {
        topicId: t.id, title: t.title, mastery: (estimate ?? summary.course).mastery, uncertainty: (estimate ?? summary.course).uncertainty,
        pMastered: (estimate ?? summary.course).pMastered, evidence: estimate?.evidence ?? 0,
      };
    })),
    recentAttempts: attempts.map(summarise),
    recentQuestions: asked.map((q) => ({ id: q.id, text: q.text, createdAt: q.created_at })),
  };
}

type TopicView = PerformanceView['topics'][number];

/**
 * Merges topics that name the same section (same `topicKey`) into one entry, in course order: the estimate is
 * the evidence-weighted mean of the parts that have evidence (the course estimate when none has), the id is
 * that of the part with the most evidence (so "quiz me on this topic" targets the material practised most).
 */
function mergeSameSections(topics: readonly TopicView[]): TopicView[] {
  const groups = new Map<string, TopicView[]>();
  for (const topic of topics) {
    const key = topicKey(topic.title) || topic.topicId;
    groups.set(key, [...(groups.get(key) ?? []), topic]);
  }
  return [...groups.values()].map((parts) => {
    const withEvidence = parts.filter((p) => p.evidence > 0);
    if (withEvidence.length === 0) return parts[0]!;
    const evidence = withEvidence.reduce((n, p) => n + p.evidence, 0);
    const mean = (pick: (p: TopicView) => number) => withEvidence.reduce((sum, p) => sum + pick(p) * p.evidence, 0) / evidence;
    const lead = withEvidence.reduce((a, b) => (b.evidence > a.evidence ? b : a));
    return {
      topicId: lead.topicId, title: parts[0]!.title, mastery: mean((p) => p.mastery), uncertainty: mean((p) => p.uncertainty),
      pMastered: mean((p) => p.pMastered), evidence,
    };
  });
}
