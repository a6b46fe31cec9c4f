import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { QuestionHistoryStore, StoredCitation } from './question-history.js';

/**
 * The QuestionHistoryStore over one database: every query is scoped by tenant, course and the asking user,
 * so a learner only ever sees or deletes their own questions.
 *
 * @example
 * const history = createQuestionHistoryRepository(db);
 * const items = await history.listOwn({ tenantId, courseId, userId, limit: 20 });
 */
export function createQuestionHistoryRepository(db: Kysely<Database>): QuestionHistoryStore {
  const own = (scope: { tenantId: string; courseId: string; userId: string }) => db.selectFrom('questions as q')
    .where('q.tenant_id', '=', scope.tenantId).where('q.course_id', '=', scope.courseId).where('q.user_id', '=', scope.userId);

  return {
    listOwn: async ({ tenantId, courseId, userId, limit, before }) => {
      let query = own({ tenantId, courseId, userId })
        .leftJoin('answers as a', (join) => join.onRef('a.question_id', '=', 'q.id').onRef('a.tenant_id', '=', 'q.tenant_id'))
        .select(['q.id as question_id', 'q.text as question', 'q.created_at', 'a.id as answer_id', 'a.text as answer', 'a.found', 'a.retrieval_stats']);
      if (before) query = query.where('q.created_at', '<', before);
      const rows = await query.orderBy('q.created_at', 'desc').orderBy('q.id', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        questionId: r.question_id, question: r.question, askedAt: r.created_at, answerId: r.answer_id, answer: r.answer, found: r.found,
        stats: (r.retrieval_stats ?? null) as Record<string, unknown> | null,
      }));
    },

    findOwn: async ({ tenantId, courseId, userId, questionId }) => {
      const row = await own({ tenantId, courseId, userId }).where('q.id', '=', questionId)
        .leftJoin('answers as a', (join) => join.onRef('a.question_id', '=', 'q.id').onRef('a.tenant_id', '=', 'q.tenant_id'))
        .select(['q.id as question_id', 'q.text as question', 'q.created_at', 'a.id as answer_id', 'a.text as answer', 'a.found', 'a.retrieval_stats'])
        .executeTakeFirst();
      if (!row) return undefined;
      const citations: StoredCitation[] = row.answer_id ? (await db.selectFrom('citations as c')
        .leftJoin('chunks as ch', (join) => join.onRef('ch.id', '=', 'c.chunk_id').onRef('ch.tenant_id', '=', 'c.tenant_id'))
        .leftJoin('documents as d', (join) => join.onRef('d.id', '=', 'c.document_id').onRef('d.tenant_id', '=', 'c.tenant_id'))
        .select(['c.marker', 'c.chunk_id', 'c.document_id', 'c.score', 'c.snippet', 'c.location', 'ch.chunk_index', 'ch.content', 'd.title'])
        .where('c.tenant_id', '=', tenantId).where('c.answer_id', '=', row.answer_id)
        .orderBy('c.marker').execute()).map((c) => ({
        marker: c.marker, chunkId: c.chunk_id, documentId: c.document_id, score: Number(c.score), snippet: c.snippet,
        location: (c.location ?? {}) as Record<string, unknown>, chunkIndex: c.chunk_index, text: c.content, documentTitle: c.title,
      })) : [];
      return {
        questionId: row.question_id, question: row.question, askedAt: row.created_at, answerId: row.answer_id, answer: row.answer, found: row.found,
        stats: (row.retrieval_stats ?? null) as Record<string, unknown> | null, citations,
      };
    },

    deleteOwn: async ({ tenantId, courseId, userId, questionId }) => {
      // Answers, citations and feedback go with the question (ON DELETE CASCADE).
      const result = await db.deleteFrom('questions')
        .where('tenant_id', '=', tenantId).where('course_id', '=', courseId).where('user_id', '=', userId).where('id', '=', questionId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
