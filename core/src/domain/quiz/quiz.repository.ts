import type { Db } from '../../db/db-types.js';
import type { AnswerKey, GeneratedQuestion, OptionNote, QuestionType, SourceChunk } from './types.js';
import { AppError } from '../../errors/app-error.js';

/**
 * The course's chunks as the quiz generator reads them, with document and topic titles, in reading order.
 *
 * @example
 * const chunks = await loadCourseSourceChunks(db, tenantId, courseId);
 */
export async function loadCourseSourceChunks(db: Db, tenantId: string, courseId: string): Promise<SourceChunk[]> {
  const rows = await db.selectFrom('chunks as c')
    .innerJoin('documents as d', 'd.id', 'c.document_id')
    .leftJoin('topics as t', 't.id', 'c.topic_id')
    .select(['c.id', 'c.document_id', 'd.title as document_title', 'c.topic_id', 't.title as topic_title', 'c.content', 'c.heading_path'])
    .where('c.tenant_id', '=', tenantId).where('c.course_id', '=', courseId)
    .orderBy('d.created_at').orderBy('d.id').orderBy('c.chunk_index')
    .execute();
  return rows.map((r) => ({
    id: r.id, documentId: r.document_id, documentTitle: r.document_title, topicId: r.topic_id, topicTitle: r.topic_title ?? null,
    content: r.content, headingPath: r.heading_path,
  }));
}

/** Chunks cited by questions, with what a citation shows (document title, heading path, page/slide). */
export async function findCitedChunks(db: Db, tenantId: string, chunkIds: readonly string[]) {
  if (chunkIds.length === 0) return [];
  return db.selectFrom('chunks as c').innerJoin('documents as d', 'd.id', 'c.document_id')
    .select(['c.id', 'c.document_id', 'd.title as document_title', 'c.content', 'c.heading_path', 'c.page', 'c.slide', 'c.char_start', 'c.char_end'])
    .where('c.tenant_id', '=', tenantId).where('c.id', 'in', [...chunkIds]).execute();
}

export async function findTopic(db: Db, tenantId: string, courseId: string, topicId: string) {
  return db.selectFrom('topics').select(['id', 'title']).where('tenant_id', '=', tenantId).where('course_id', '=', courseId)
    .where('id', '=', topicId).executeTakeFirst();
}

export async function listTopics(db: Db, tenantId: string, courseId: string) {
  return db.selectFrom('topics').select(['id', 'title', 'document_id', 'position']).where('tenant_id', '=', tenantId)
    .where('course_id', '=', courseId).orderBy('created_at').orderBy('position').execute();
}

export async function countQuizzesOfUser(db: Db, tenantId: string, courseId: string, userId: string): Promise<number> {
  const row = await db.selectFrom('quizzes').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId).where('course_id', '=', courseId).where('user_id', '=', userId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface NewQuiz {
  tenantId: string; courseId: string; userId: string; tier: number; topicId: string | null; generator: string;
  context: Record<string, unknown>; questions: GeneratedQuestion[];
}

/** Inserts a ready quiz and its questions (call inside a transaction). */
export async function insertQuiz(db: Db, quiz: NewQuiz) {
  const row = await db.insertInto('quizzes').values({
    tenant_id: quiz.tenantId, course_id: quiz.courseId, user_id: quiz.userId, tier: quiz.tier, topic_id: quiz.topicId,
    status: 'ready', num_questions: quiz.questions.length, generator: quiz.generator, context: JSON.stringify(quiz.context),
  }).returning(['id', 'created_at']).executeTakeFirstOrThrow();
  if (quiz.questions.length > 0) {
    await db.insertInto('quiz_questions').values(quiz.questions.map((q, i) => ({
      tenant_id: quiz.tenantId, quiz_id: row.id, position: i + 1, type: q.type, tier: q.tier, prompt: q.prompt,
      // The answer column also keeps how the item was built and what each wrong option is (feedback), never shown before an attempt.
      choices: JSON.stringify(q.choices), answer: JSON.stringify({ ...q.answer, strategy: q.strategy ?? null, option_notes: q.optionNotes ?? [] }),
      explanation: q.explanation, topic_id: q.topicId,
      chunk_ids: q.chunkIds,
    }))).execute();
  }
  return row;
}

export async function findQuiz(db: Db, tenantId: string, quizId: string) {
  return db.selectFrom('quizzes').selectAll().where('tenant_id', '=', tenantId).where('id', '=', quizId).executeTakeFirst();
}

/** A stored question with its answer key (never sent to learners before they answer). */
export interface StoredQuestion {
  id: string; position: number; type: QuestionType; tier: number; prompt: string; choices: string[]; answer: AnswerKey;
  explanation: string; topicId: string | null; topicTitle: string | null; chunkIds: string[];
  strategy: string | null; optionNotes: OptionNote[];
}

export async function listQuizQuestions(db: Db, tenantId: string, quizId: string): Promise<StoredQuestion[]> {
  const rows = await db.selectFrom('quiz_questions as q').leftJoin('topics as t', 't.id', 'q.topic_id')
    .select(['q.id', 'q.position', 'q.type', 'q.tier', 'q.prompt', 'q.choices', 'q.answer', 'q.explanation', 'q.topic_id', 't.title as topic_title', 'q.chunk_ids'])
    .where('q.tenant_id', '=', tenantId).where('q.quiz_id', '=', quizId).orderBy('q.position').execute();
  return rows.map((r) => ({
    id: r.id, position: r.position, type: r.type, tier: r.tier, prompt: r.prompt, choices: r.choices, answer: r.answer as AnswerKey,
    explanation: r.explanation, topicId: r.topic_id, topicTitle: r.topic_title ?? null, chunkIds: r.chunk_ids,
    strategy: (r.answer as { strategy?: string | null }).strategy ?? null,
    optionNotes: (r.answer as { option_notes?: OptionNote[] }).option_notes ?? [],
  }));
}

export interface NewAttempt {
  tenantId: string; courseId: string; quizId: string; userId: string; answers: unknown; results: unknown;
  score: number; maxScore: number; tier: number; nextTier: number;
}

/** Stores a quiz's attempt; CONFLICT when the quiz already has one (unique index quiz_attempts_one_submission). */
export async function insertAttempt(db: Db, attempt: NewAttempt) {
  try {
    return await db.insertInto('quiz_attempts').values({
      tenant_id: attempt.tenantId, course_id: attempt.courseId, quiz_id: attempt.quizId, user_id: attempt.userId,
      answers: JSON.stringify(attempt.answers), results: JSON.stringify(attempt.results), score: attempt.score,
      max_score: attempt.maxScore, tier: attempt.tier, next_tier: attempt.nextTier,
    }).returning(['id', 'created_at']).executeTakeFirstOrThrow();
  } catch (error) {
    if ((error as { code?: string } | null)?.code === '23505') {
      throw new AppError('CONFLICT', 'This quiz was already submitted and graded; start a new quiz to be graded again', undefined, { cause: error });
    }
    throw error;
  }
}

const ATTEMPT_COLUMNS = ['id', 'quiz_id', 'course_id', 'user_id', 'score', 'max_score', 'tier', 'next_tier', 'created_at'] as const;

/** Attempts, newest first, filtered by quiz and/or course and user (always within the tenant). */
export async function listAttempts(db: Db, filter: { tenantId: string; courseId?: string; quizId?: string; userId?: string; limit?: number }) {
  let query = db.selectFrom('quiz_attempts').select(ATTEMPT_COLUMNS).where('tenant_id', '=', filter.tenantId);
  if (filter.courseId) query = query.where('course_id', '=', filter.courseId);
  if (filter.quizId) query = query.where('quiz_id', '=', filter.quizId);
  if (filter.userId) query = query.where('user_id', '=', filter.userId);
  return query.orderBy('created_at', 'desc').orderBy('id').limit(filter.limit ?? 100).execute();
}

/** The learner's most recent Q&A questions in the course (for the performance view). */
export async function listRecentAskedQuestions(db: Db, tenantId: string, courseId: string, userId: string, limit = 10) {
  return db.selectFrom('questions').select(['id', 'text', 'created_at']).where('tenant_id', '=', tenantId)
    .where('course_id', '=', courseId).where('user_id', '=', userId).orderBy('created_at', 'desc').limit(limit).execute();
}

/**
 * The learner's quizzes in a course with their topic, newest first, each with its first attempt (null before one):
 * the history tier moves are decided on.
 */
export async function listQuizHistoryOfUser(db: Db, tenantId: string, courseId: string, userId: string, limit = 20) {
  const quizzes = await db.selectFrom('quizzes').select(['id', 'topic_id', 'tier', 'created_at']).where('tenant_id', '=', tenantId)
    .where('course_id', '=', courseId).where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  if (quizzes.length === 0) return [];
  const attempts = await db.selectFrom('quiz_attempts').select(['quiz_id', 'score', 'max_score', 'next_tier', 'created_at'])
    .where('tenant_id', '=', tenantId).where('quiz_id', 'in', quizzes.map((q) => q.id)).orderBy('created_at').orderBy('id').execute();
  return quizzes.map((q) => ({ ...q, firstAttempt: attempts.find((a) => a.quiz_id === q.id) ?? null }));
}

/** Prompts of the questions the learner has been served in the course (exposure control), newest quizzes first. */
export async function listPromptsServedToUser(db: Db, tenantId: string, courseId: string, userId: string, limit = 500): Promise<string[]> {
  const rows = await db.selectFrom('quiz_questions as q').innerJoin('quizzes as z', 'z.id', 'q.quiz_id').select(['q.prompt'])
    .where('z.tenant_id', '=', tenantId).where('z.course_id', '=', courseId).where('z.user_id', '=', userId)
    .orderBy('z.created_at', 'desc').limit(limit).execute();
  return rows.map((r) => r.prompt);
}

/** One attempt with its stored answers and per-question results (within the tenant). */
export async function findAttempt(db: Db, tenantId: string, attemptId: string) {
  return db.selectFrom('quiz_attempts').select([...ATTEMPT_COLUMNS, 'results']).where('tenant_id', '=', tenantId).where('id', '=', attemptId)
    .executeTakeFirst();
}
