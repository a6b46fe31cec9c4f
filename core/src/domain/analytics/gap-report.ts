import type { Db } from '../../db/db-types.js';
import type { Actor } from '../identity/actor.js';
import { requireCourseRole } from '../identity/courses.js';
import { listQuestionsWithAnswers } from './analytics.repository.js';
import { clusterTexts } from './cluster-questions.js';

/**
 * The course-gap report: the questions the course material could not answer (refused or "not found"), grouped by
 * what they are about and ranked by how many distinct learners asked — the material the teacher could add.
 *
 * @example
 * const { clusters } = await getGapReport(db, actor, courseId);
 */
export async function getGapReport(db: Db, actor: Actor, courseId: string) {
  await requireCourseRole(db, actor, courseId, 'instructor');
  const all = await listQuestionsWithAnswers(db, actor.tenantId, courseId, { limit: 5000 });
  const unanswered = all.filter((q) => q.found === false);
  const byId = new Map(unanswered.map((q) => [q.id, q]));
  const clusters = clusterTexts(unanswered.map((q) => ({ id: q.id, text: q.text })), all.map((q) => q.text)).map((c) => {
    const rows = c.members.map((id) => byId.get(id)).filter((q) => q !== undefined);
    const learners = new Set(rows.map((q) => q.user_id ?? q.id)).size;
    return {
      label: c.terms.slice(0, 3).join(' · ') || rows[0]?.text.slice(0, 60) || '',
      terms: c.terms, learners, questions: rows.length,
      lastAskedAt: rows.reduce((m, q) => (q.created_at > m ? q.created_at : m), rows[0]?.created_at ?? new Date(0)),
      examples: rows.slice(0, 5).map((q) => ({ questionId: q.id, text: q.text, createdAt: q.created_at })),
    };
  });
  clusters.sort((a, b) => b.learners - a.learners || b.questions - a.questions || b.lastAskedAt.getTime() - a.lastAskedAt.getTime());
  return { unansweredTotal: unanswered.length, clusters };
}
