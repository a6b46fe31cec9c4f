import { sql } from 'kysely';
import type { Db } from '../../db/db-types.js';

/** What the performance view reads besides the mastery state, in one round trip. */
export interface PerformanceReads {
  topics: { id: string; title: string; document_id: string | null; position: number }[];
  attempts: {
    id: string; quiz_id: string; course_id: string; user_id: string | null; score: number; max_score: number; tier: number;
    next_tier: number; created_at: Date;
  }[];
  questions: { id: string; text: string; created_at: Date }[];
}

/**
 * The course's topics (course order), the learner's last `limit` attempts and last `limit` Q&A questions, as one
 * statement of three indexed subqueries (topics_course_idx, the attempts' and questions' (tenant, user, created_at)
 * indexes) instead of three round trips (issue #20: `/performance` from stored state).
 *
 * @example
 * const { topics, attempts, questions } = await loadPerformanceReads(db, tenantId, courseId, userId);
 */
export async function loadPerformanceReads(db: Db, tenantId: string, courseId: string, userId: string, limit = 10): Promise<PerformanceReads> {
  const result = await sql<{ topics: PerformanceReads['topics']; attempts: (Omit<PerformanceReads['attempts'][number], 'created_at'> & { created_at: string })[]; questions: { id: string; text: string; created_at: string }[] }>`
    select
      (select coalesce(json_agg(t order by t.created_at, t.position), '[]') from (
        select id, title, document_id, position, created_at from topics where tenant_id = ${tenantId} and course_id = ${courseId}) t) as topics,
      (select coalesce(json_agg(a order by a.created_at desc, a.id), '[]') from (
        select id, quiz_id, course_id, user_id, score, max_score, tier, next_tier, created_at from quiz_attempts
        where tenant_id = ${tenantId} and course_id = ${courseId} and user_id = ${userId}
        order by created_at desc, id limit ${limit}) a) as attempts,
      (select coalesce(json_agg(q order by q.created_at desc), '[]') from (
        select id, text, created_at from questions where tenant_id = ${tenantId} and course_id = ${courseId} and user_id = ${userId}
        order by created_at desc limit ${limit}) q) as questions`.execute(db);
  const row = result.rows[0];
  return {
    topics: (row?.topics ?? []).map((t) => ({ id: t.id, title: t.title, document_id: t.document_id, position: t.position })),
    attempts: (row?.attempts ?? []).map((a) => ({ ...a, created_at: new Date(a.created_at) })),
    questions: (row?.questions ?? []).map((q) => ({ ...q, created_at: new Date(q.created_at) })),
  };
}
