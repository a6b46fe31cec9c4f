import { type ColumnType, type Kysely, sql } from 'kysely';
import type { Db } from '../../db/db-types.js';
import type { Database } from '../../db/schema.js';
import type { SourceChunk } from '../quiz/types.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | null | undefined, string | null>;

/**
 * What a teacher changed of an item: replaces what later quizzes show for it. `originalChoices` are the options as
 * the teacher saw them when editing (the served order): an edited option replaces the option with that original
 * text, wherever the generator puts it in a later quiz (key positions are shuffled per quiz).
 */
export interface ItemEdit {
  prompt?: string | undefined; choices?: string[] | undefined; explanation?: string | undefined; originalChoices?: string[] | undefined;
}

/** The table of migration 0100, added to the Database type only here (`db.withTables<AnalyticsTables>()`). */
export type AnalyticsTables = {
  quiz_item_reviews: {
    tenant_id: string; course_id: string; item_key: string; status: 'active' | 'approved' | 'retired'; edit: Json<ItemEdit | null>;
    edited_key: string | null; reviewed_by: string | null; created_at: Timestamp; updated_at: Timestamp;
  };
};

const withReviews = (db: Db) => (db as Kysely<Database>).withTables<AnalyticsTables>();

/** The course's learners (active or pending members with the learner role), by name. */
export async function listCourseLearners(db: Db, tenantId: string, courseId: string) {
  return db.selectFrom('course_members as m').innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.email', 'm.role', 'm.status', 'm.created_at'])
    .where('m.tenant_id', '=', tenantId).where('m.course_id', '=', courseId)
    .orderBy('u.name').orderBy('u.email').execute();
}

export async function listCourseTopics(db: Db, tenantId: string, courseId: string) {
  return db.selectFrom('topics').select(['id', 'title']).where('tenant_id', '=', tenantId).where('course_id', '=', courseId)
    .orderBy('created_at').orderBy('title').execute();
}

/** Per user: attempts, questions and the last time they did either in the course. */
export async function activityByUser(db: Db, tenantId: string, courseId: string) {
  const attempts = await db.selectFrom('quiz_attempts').select(['user_id', sql<number>`count(*)::int`.as('n'), sql<Date>`max(created_at)`.as('last')])
    .where('tenant_id', '=', tenantId).where('course_id', '=', courseId).groupBy('user_id').execute();
  const questions = await db.selectFrom('questions').select(['user_id', sql<number>`count(*)::int`.as('n'), sql<Date>`max(created_at)`.as('last')])
    .where('tenant_id', '=', tenantId).where('course_id', '=', courseId).groupBy('user_id').execute();
  return { attempts, questions };
}

/** A course's questions with their latest answer, its top-cited topic and feedback counts, newest first. */
export async function listQuestionsWithAnswers(db: Db, tenantId: string, courseId: string, filter: {
  from?: Date | undefined; to?: Date | undefined; userId?: string | undefined; limit: number;
}) {
  let query = db.selectFrom('questions as q').leftJoin('users as u', 'u.id', 'q.user_id')
    .leftJoin('answers as a', (join) => join.onRef('a.question_id', '=', 'q.id')
      .on('a.id', '=', sql<string>`(select a2.id from answers a2 where a2.question_id = q.id order by a2.created_at desc limit 1)`))
    .select([
      'q.id', 'q.text', 'q.created_at', 'q.user_id', 'u.name as user_name', 'u.email as user_email', 'a.id as answer_id', 'a.found', 'a.text as answer_text',
      sql<string | null>`(select c.topic_id from citations ci join chunks c on c.id = ci.chunk_id where ci.answer_id = a.id and c.topic_id is not null order by ci.marker limit 1)`.as('topic_id'),
    ])
    .where('q.tenant_id', '=', tenantId).where('q.course_id', '=', courseId);
  if (filter.from) query = query.where('q.created_at', '>=', filter.from);
  if (filter.to) query = query.where('q.created_at', '<', filter.to);
  if (filter.userId) query = query.where('q.user_id', '=', filter.userId);
  return query.orderBy('q.created_at', 'desc').orderBy('q.id').limit(filter.limit).execute();
}

/** Feedback rows of the given answers. */
export async function listFeedback(db: Db, tenantId: string, answerIds: readonly string[]) {
  if (answerIds.length === 0) return [];
  return db.selectFrom('answer_feedback').select(['answer_id', 'helpful', 'grounded', 'comment'])
    .where('tenant_id', '=', tenantId).where('answer_id', 'in', answerIds).execute();
}

/** Every question served in the course's quizzes, with its quiz's time and gate record. */
export async function listServedQuestions(db: Db, tenantId: string, courseId: string) {
  return db.selectFrom('quiz_questions as q').innerJoin('quizzes as z', 'z.id', 'q.quiz_id').leftJoin('topics as t', 't.id', 'q.topic_id')
    .select(['q.id', 'q.quiz_id', 'q.type', 'q.tier', 'q.prompt', 'q.choices', 'q.answer', 'q.explanation', 'q.topic_id', 't.title as topic_title', 'q.chunk_ids', 'z.created_at'])
    .where('z.tenant_id', '=', tenantId).where('z.course_id', '=', courseId).orderBy('z.created_at', 'desc').orderBy('q.position').execute();
}

/** The gate records (`quizzes.context.gate`) of the course's quizzes. */
export async function listGateRecords(db: Db, tenantId: string, courseId: string) {
  return db.selectFrom('quizzes').select(['id', 'context']).where('tenant_id', '=', tenantId).where('course_id', '=', courseId).execute();
}

/** Attempts of the course, oldest first (the first per quiz and user is the one item statistics use). */
export async function listCourseAttempts(db: Db, tenantId: string, courseId: string) {
  return db.selectFrom('quiz_attempts').select(['id', 'quiz_id', 'user_id', 'results', 'score', 'max_score', 'tier', 'created_at'])
    .where('tenant_id', '=', tenantId).where('course_id', '=', courseId).orderBy('created_at').orderBy('id').execute();
}

export async function listChunkPassages(db: Db, tenantId: string, chunkIds: readonly string[]) {
  if (chunkIds.length === 0) return [];
  return db.selectFrom('chunks as c').innerJoin('documents as d', 'd.id', 'c.document_id')
    .select(['c.id', 'c.content', 'c.heading', 'd.title as document_title'])
    .where('c.tenant_id', '=', tenantId).where('c.id', 'in', [...chunkIds]).execute();
}

/** Cited chunks as the quiz gate reads them (content, document and topic). */
export async function listSourceChunks(db: Db, tenantId: string, chunkIds: readonly string[]): Promise<SourceChunk[]> {
  if (chunkIds.length === 0) return [];
  const rows = await db.selectFrom('chunks as c').innerJoin('documents as d', 'd.id', 'c.document_id').leftJoin('topics as t', 't.id', 'c.topic_id')
    .select(['c.id', 'c.document_id', 'd.title as document_title', 'c.topic_id', 't.title as topic_title', 'c.content', 'c.heading_path'])
    .where('c.tenant_id', '=', tenantId).where('c.id', 'in', [...chunkIds]).execute();
  return rows.map((r) => ({
    id: r.id, documentId: r.document_id, documentTitle: r.document_title, topicId: r.topic_id, topicTitle: r.topic_title ?? null,
    content: r.content, headingPath: r.heading_path,
  }));
}

export async function listItemReviews(db: Db, tenantId: string, courseId: string) {
  return withReviews(db).selectFrom('quiz_item_reviews').selectAll().where('tenant_id', '=', tenantId).where('course_id', '=', courseId).execute();
}

export async function upsertItemReview(db: Db, row: {
  tenantId: string; courseId: string; itemKey: string; status: 'active' | 'approved' | 'retired'; edit: ItemEdit | null; editedKey: string | null; reviewedBy: string;
}) {
  const values = {
    tenant_id: row.tenantId, course_id: row.courseId, item_key: row.itemKey, status: row.status,
    edit: row.edit ? JSON.stringify(row.edit) : null, edited_key: row.editedKey, reviewed_by: row.reviewedBy, updated_at: new Date(),
  };
  await withReviews(db).insertInto('quiz_item_reviews').values(values)
    .onConflict((oc) => oc.columns(['course_id', 'item_key']).doUpdateSet({
      status: values.status, edit: values.edit, edited_key: values.edited_key, reviewed_by: values.reviewed_by, updated_at: values.updated_at,
    })).execute();
}

/** The course's placements (LTI resource links) with their grade policy. */
export async function listPlacements(db: Db, tenantId: string, courseId: string) {
  return db.selectFrom('lti_resource_links').select(['id', 'title', 'widget', 'settings', 'line_item_url', 'resource_link_id'])
    .where('tenant_id', '=', tenantId).where('course_id', '=', courseId).orderBy('created_at').execute();
}

/** What was sent to the LMS for the course's attempts (`lti_score_passbacks`), newest first. */
export async function listPassbacks(db: Db, tenantId: string, courseId: string) {
  return db.selectFrom('lti_score_passbacks as p').leftJoin('users as u', 'u.id', 'p.user_id').leftJoin('jobs as j', 'j.id', 'p.job_id')
    .leftJoin('quiz_attempts as a', 'a.id', 'p.attempt_id')
    .select(['p.link_id', 'p.user_id', 'u.name as user_name', 'u.email as user_email', 'p.status', 'p.score_given', 'p.score_maximum', 'p.last_error', 'p.sent_at', 'p.updated_at',
      'a.score as attempt_score', 'a.max_score as attempt_max',
      'j.status as job_status', 'j.last_error as job_error'])
    .where('p.tenant_id', '=', tenantId).where('p.course_id', '=', courseId).orderBy('p.updated_at', 'desc').execute();
}

export async function findLtiContext(db: Db, tenantId: string, courseId: string) {
  return db.selectFrom('lti_contexts').select(['last_sync_at', 'last_sync_status', 'last_sync_error', 'last_sync_counts'])
    .where('tenant_id', '=', tenantId).where('course_id', '=', courseId).executeTakeFirst();
}

export async function findCourseDocument(db: Db, tenantId: string, courseId: string, documentId: string) {
  return db.selectFrom('documents').select(['id', 'title', 'status']).where('tenant_id', '=', tenantId).where('course_id', '=', courseId)
    .where('id', '=', documentId).executeTakeFirst();
}

export async function renameDocument(db: Db, tenantId: string, documentId: string, title: string) {
  await db.updateTable('documents').set({ title, updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', documentId).execute();
}

export async function listDocumentChunks(db: Db, tenantId: string, documentId: string) {
  return db.selectFrom('chunks').select(['heading', 'heading_path', 'page', 'slide', 'content']).where('tenant_id', '=', tenantId)
    .where('document_id', '=', documentId).orderBy('chunk_index').limit(400).execute();
}
