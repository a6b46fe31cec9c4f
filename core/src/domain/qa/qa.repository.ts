import { type Kysely, sql } from 'kysely';
import type { QaStore, RecentQuestionRecord } from './qa.ports.js';
import type { Database } from '../../db/schema.js';

/**
 * The QaStore port over one database: questions, answers and citations are written in one
 * transaction; feedback is one row per (answer, user), updated when the user changes their mind.
 *
 * @example
 * const store = createQaRepository(db);
 * const { answerId } = await store.saveAnswer({ tenantId, courseId, userId, question, answer, citations });
 */
export function createQaRepository(db: Kysely<Database>): QaStore {
  return {
    saveAnswer: (input) => db.transaction().execute(async (trx) => {
      const question = await trx.insertInto('questions')
        .values({ tenant_id: input.tenantId, course_id: input.courseId, user_id: input.userId, text: input.question })
        .returning('id').executeTakeFirstOrThrow();
      const answer = await trx.insertInto('answers').values({
        tenant_id: input.tenantId,
        course_id: input.courseId,
        question_id: question.id,
        text: input.answer.text,
        found: input.answer.found,
        provider: input.answer.provider,
        model: input.answer.model,
        latency_ms: Math.round(input.answer.latencyMs),
        retrieval_stats: JSON.stringify(input.answer.retrievalStats),
      }).returning(['id', 'created_at']).executeTakeFirstOrThrow();
      if (input.citations.length > 0) {
        await trx.insertInto('citations').values(input.citations.map((c) => ({
          tenant_id: input.tenantId,
          answer_id: answer.id,
          marker: c.marker,
          chunk_id: c.chunkId,
          document_id: c.documentId,
          score: c.score,
          snippet: c.snippet,
          location: JSON.stringify(c.location),
        }))).execute();
      }
      return { questionId: question.id, answerId: answer.id, createdAt: answer.created_at };
    }),

    findAnswerScope: async ({ tenantId, answerId }) => {
      const row = await db.selectFrom('answers').innerJoin('questions', 'questions.id', 'answers.question_id')
        .select(['answers.course_id', 'questions.user_id'])
        .where('answers.tenant_id', '=', tenantId).where('answers.id', '=', answerId).executeTakeFirst();
      return row ? { courseId: row.course_id, askedBy: row.user_id } : undefined;
    },

    upsertFeedback: async (input) => {
      const row = await db.insertInto('answer_feedback').values({
        tenant_id: input.tenantId, answer_id: input.answerId, user_id: input.userId,
        helpful: input.helpful, grounded: input.grounded, comment: input.comment,
      }).onConflict((oc) => oc.columns(['answer_id', 'user_id']).doUpdateSet({
        helpful: input.helpful, grounded: input.grounded, comment: input.comment, updated_at: new Date(),
      })).returning(['id', 'updated_at']).executeTakeFirstOrThrow();
      return { feedbackId: row.id, updatedAt: row.updated_at };
    },

    listRecentQuestions: async ({ tenantId, courseId, limit }) => {
      const rows = await db.selectFrom('questions as q')
        .leftJoin('answers as a', (join) => join.onRef('a.question_id', '=', 'q.id').onRef('a.tenant_id', '=', 'q.tenant_id'))
        .select(['q.id as question_id', 'q.text as question', 'q.created_at', 'q.user_id', 'a.id as answer_id', 'a.text as answer', 'a.found'])
        .select((eb) => [
          eb.selectFrom('citations as c').whereRef('c.answer_id', '=', 'a.id').select((e) => e.fn.countAll<number>().as('n')).as('citation_count'),
          eb.selectFrom('answer_feedback as f').whereRef('f.answer_id', '=', 'a.id')
            .select(sql<Record<string, unknown>>`json_build_object(
              'helpful', count(*) filter (where f.helpful), 'not_helpful', count(*) filter (where not f.helpful),
              'grounded', count(*) filter (where f.grounded), 'not_grounded', count(*) filter (where not f.grounded),
              'comments', coalesce(json_agg(f.comment order by f.updated_at desc) filter (where f.comment is not null and f.comment <> ''), '[]'::json))`.as('fb'))
            .as('feedback'),
        ])
        .where('q.tenant_id', '=', tenantId).where('q.course_id', '=', courseId)
        .orderBy('q.created_at', 'desc').orderBy('q.id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r): RecentQuestionRecord => {
        const fb = (r.feedback ?? {}) as { helpful?: number; not_helpful?: number; grounded?: number; not_grounded?: number; comments?: string[] };
        return {
          questionId: r.question_id,
          question: r.question,
          askedAt: r.created_at,
          userId: r.user_id,
          answerId: r.answer_id,
          answer: r.answer,
          found: r.found,
          citationCount: Number(r.citation_count ?? 0),
          feedback: {
            helpfulCount: Number(fb.helpful ?? 0), notHelpfulCount: Number(fb.not_helpful ?? 0),
            groundedCount: Number(fb.grounded ?? 0), notGroundedCount: Number(fb.not_grounded ?? 0),
            comments: fb.comments ?? [],
          },
        };
      });
    },
  };
}
