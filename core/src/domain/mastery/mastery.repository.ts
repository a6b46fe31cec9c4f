import { sql } from 'kysely';
import type { Db } from '../../db/db-types.js';
import type { CourseMasteryState, CourseMasterySummary } from './course-mastery.js';
import { emptyCourseMastery, summariseCourseMastery } from './course-mastery.js';
import type { SkillBelief } from './skill-model.js';

/** The stored belief; rows written before forgetting was modelled carry no practice time: the row's update time stands in. */
function beliefOf(state: Record<string, unknown>, updatedAt: Date): SkillBelief | undefined {
  const { mu, variance, evidence, correct, practicedAt } = state;
  if (typeof mu !== 'number' || typeof variance !== 'number') return undefined;
  return {
    mu, variance, evidence: typeof evidence === 'number' ? evidence : 0, correct: typeof correct === 'number' ? correct : 0,
    practicedAt: typeof practicedAt === 'string' ? practicedAt : updatedAt.toISOString(),
  };
}

/**
 * Serialises mastery updates of one learner in one course until the transaction ends, so two attempts submitted
 * at once both count (each reads the state the other wrote).
 *
 * @example
 * await withTransaction(db, async (trx) => { await lockLearnerMastery(trx, courseId, userId); … });
 */
export async function lockLearnerMastery(trx: Db, courseId: string, userId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`mastery:${courseId}:${userId}`}, 0))`.execute(trx);
}

/**
 * A learner's mastery state in a course (course row: topic_id NULL; one row per topic). Empty when none yet.
 *
 * @example
 * const state = await loadMasteryState(db, tenantId, courseId, userId);
 */
export async function loadMasteryState(db: Db, tenantId: string, courseId: string, userId: string): Promise<CourseMasteryState> {
  const rows = await db.selectFrom('mastery').select(['topic_id', 'state', 'updated_at']).where('tenant_id', '=', tenantId)
    .where('course_id', '=', courseId).where('user_id', '=', userId).execute();
  const state = emptyCourseMastery();
  for (const row of rows) {
    const belief = beliefOf(row.state, new Date(row.updated_at));
    if (!belief) continue;
    if (row.topic_id === null) state.course = belief;
    else state.topics[row.topic_id] = belief;
  }
  return state;
}

/**
 * Writes the state (call inside the attempt's transaction). `p_mastery` holds the expected mastery as a
 * fraction (0–1: the chance of answering a course item right from knowledge) at the moment of practice,
 * `uncertainty` its standard deviation (0–1), `state` the model's belief plus P(mastered). Readers of mastery
 * "now" use `loadMasteryAt`, which applies the forgetting since; the columns serve sorting and export.
 */
export async function saveMasteryState(db: Db, key: { tenantId: string; courseId: string; userId: string }, state: CourseMasteryState, summary: CourseMasterySummary): Promise<void> {
  await db.deleteFrom('mastery').where('tenant_id', '=', key.tenantId).where('course_id', '=', key.courseId)
    .where('user_id', '=', key.userId).execute();
  // Re-ingesting a document keeps the topics whose section remains; beliefs about topics that no longer exist are dropped.
  const topicIds = Object.keys(state.topics);
  const existing = new Set(topicIds.length === 0 ? [] : (await db.selectFrom('topics').select('id')
    .where('tenant_id', '=', key.tenantId).where('course_id', '=', key.courseId).where('id', 'in', topicIds).execute()).map((r) => r.id));
  const rows = [
    { topicId: null, belief: state.course, estimate: summary.course },
    ...Object.entries(state.topics).filter(([topicId]) => existing.has(topicId))
      .map(([topicId, belief]) => ({ topicId, belief, estimate: summary.topics[topicId] ?? summary.course })),
  ];
  await db.insertInto('mastery').values(rows.map((r) => ({
    tenant_id: key.tenantId, course_id: key.courseId, user_id: key.userId, topic_id: r.topicId,
    p_mastery: r.estimate.mastery / 100, uncertainty: r.estimate.uncertainty / 100, evidence: r.belief.evidence,
    state: JSON.stringify({ ...r.belief, p_mastered: r.estimate.pMastered, model: 'bayesian-irt-learning-forgetting-v4' }),
  }))).execute();
}

/**
 * A learner's mastery in a course as it stands at `at` (default now): the stored beliefs with the forgetting since
 * their last practice applied (`summariseCourseMastery`). The one read of mastery for what the learner is shown and
 * what the LMS is sent as a grade, so the two cannot disagree; the stored `p_mastery` is the value at the last
 * practice. Undefined when the learner has no mastery in the course yet.
 *
 * @example
 * const now = await loadMasteryAt(db, { tenantId, courseId, userId });
 * now?.course.mastery; // → 0–100
 */
export async function loadMasteryAt(
  db: Db, key: { tenantId: string; courseId: string; userId: string }, at: Date = new Date(),
): Promise<CourseMasterySummary | undefined> {
  const state = await loadMasteryState(db, key.tenantId, key.courseId, key.userId);
  if (state.course.evidence === 0 && Object.keys(state.topics).length === 0) return undefined;
  return summariseCourseMastery(state, at);
}

/**
 * Every learner's mastery in a course as it stands at `at` (default now), by user id: the same read as
 * `loadMasteryAt` (stored beliefs plus the forgetting since), for the teacher's class views, so what a teacher
 * sees for a learner is what that learner is shown and what the LMS is sent.
 *
 * @example
 * const byUser = await loadCourseMasteryAt(db, tenantId, courseId);
 * byUser.get(userId)?.topics[topicId]?.mastery; // → 0–100
 */
export async function loadCourseMasteryAt(db: Db, tenantId: string, courseId: string, at: Date = new Date()): Promise<Map<string, CourseMasterySummary>> {
  const rows = await db.selectFrom('mastery').select(['user_id', 'topic_id', 'state', 'updated_at']).where('tenant_id', '=', tenantId)
    .where('course_id', '=', courseId).execute();
  const states = new Map<string, CourseMasteryState>();
  for (const row of rows) {
    const belief = beliefOf(row.state, new Date(row.updated_at));
    if (!belief) continue;
    const state = states.get(row.user_id) ?? emptyCourseMastery();
    if (row.topic_id === null) state.course = belief;
    else state.topics[row.topic_id] = belief;
    states.set(row.user_id, state);
  }
  return new Map([...states].map(([userId, state]) => [userId, summariseCourseMastery(state, at)]));
}
