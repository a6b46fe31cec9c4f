import { type Kysely, sql } from 'kysely';
import type { Db } from '../../db/db-types.js';
import type { Database } from '../../db/schema.js';
import type { StoredCardState } from './schedule-card.js';
import type { StoredNoteLine, StudyTables } from '../../db/study.schema.js';

/** The handle with the study tables typed (a transaction stays a transaction). */
const study = (db: Db) => (db as Kysely<Database>).withTables<StudyTables>();

/** Serialises regeneration of one course's cards (two documents indexed at once must not delete each other's cards). */
export async function lockCourseStudyMaterial(trx: Db, courseId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`study:${courseId}`}, 0))`.execute(trx);
}

/** Replaces a document's notes with freshly generated lines (an instructor's edit is replaced too). */
export async function replaceDocumentNotes(db: Db, input: { tenantId: string; courseId: string; documentId: string; lines: StoredNoteLine[]; generator: string }): Promise<void> {
  await study(db).insertInto('study_notes').values({
    tenant_id: input.tenantId, course_id: input.courseId, document_id: input.documentId, lines: JSON.stringify(input.lines), generator: input.generator,
  }).onConflict((oc) => oc.column('document_id').doUpdateSet({
    lines: JSON.stringify(input.lines), generator: input.generator, edited_by: null, edited_at: null, updated_at: new Date(),
  })).execute();
}

/** Notes rows of a course (optionally one document), with their document's title, in upload order. */
export async function listNotes(db: Db, tenantId: string, courseId: string, documentId?: string) {
  let query = study(db).selectFrom('study_notes as n').innerJoin('documents as d', 'd.id', 'n.document_id')
    .select(['n.id', 'n.course_id', 'n.document_id', 'd.title as document_title', 'n.lines', 'n.generator', 'n.edited_by', 'n.edited_at', 'n.updated_at'])
    .where('n.tenant_id', '=', tenantId).where('n.course_id', '=', courseId);
  if (documentId) query = query.where('n.document_id', '=', documentId);
  return query.orderBy('d.created_at').orderBy('d.id').execute();
}

/** Stores an instructor's edit of a document's notes. */
export async function updateNotesLines(db: Db, tenantId: string, documentId: string, lines: StoredNoteLine[], editedBy: string): Promise<void> {
  await study(db).updateTable('study_notes').set({ lines: JSON.stringify(lines), edited_by: editedBy, edited_at: new Date(), updated_at: new Date() })
    .where('tenant_id', '=', tenantId).where('document_id', '=', documentId).execute();
}

/** A generated card ready to store. */
export interface CourseCardRow { cardKey: string; kind: string; front: string; back: string; chunkIds: string[]; topicId: string | null; documentId: string | null }

/**
 * Makes the course's generated cards exactly `cards`: upserts by `card_key` (a learner's schedule of an
 * unchanged card survives re-indexing) and deletes generated cards no longer produced (their schedules go too).
 */
export async function syncCourseCards(trx: Db, tenantId: string, courseId: string, cards: readonly CourseCardRow[]): Promise<void> {
  const s = study(trx);
  const keys = cards.map((c) => c.cardKey);
  let stale = s.deleteFrom('flashcards').where('tenant_id', '=', tenantId).where('course_id', '=', courseId)
    .where('user_id', 'is', null).where('card_key', 'is not', null);
  if (keys.length > 0) stale = stale.where('card_key', 'not in', keys);
  await stale.execute();
  for (let start = 0; start < cards.length; start += 200) {
    await s.insertInto('flashcards').values(cards.slice(start, start + 200).map((c) => ({
      tenant_id: tenantId, course_id: courseId, user_id: null, document_id: c.documentId, topic_id: c.topicId, kind: c.kind,
      card_key: c.cardKey, front: c.front, back: c.back, chunk_ids: c.chunkIds, source: '{}',
    }))).onConflict((oc) => oc.columns(['course_id', 'card_key']).where('card_key', 'is not', null).doUpdateSet((eb) => ({
      front: eb.ref('excluded.front'), back: eb.ref('excluded.back'), chunk_ids: eb.ref('excluded.chunk_ids'), topic_id: eb.ref('excluded.topic_id'),
      document_id: eb.ref('excluded.document_id'), kind: eb.ref('excluded.kind'), updated_at: new Date(),
    }))).execute();
  }
}

/** A card with the learner's schedule of it (null fields = never reviewed). */
export type CardWithSchedule = Awaited<ReturnType<typeof listLearnerCards>>[number];

/** The cards a learner studies in a course: the course's cards and their own, with their schedule of each. */
export async function listLearnerCards(db: Db, tenantId: string, courseId: string, userId: string, cardId?: string) {
  let query = study(db).selectFrom('flashcards as f')
    .leftJoin('flashcard_schedules as s', (join) => join.onRef('s.card_id', '=', 'f.id').on('s.user_id', '=', userId))
    .leftJoin('topics as t', 't.id', 'f.topic_id')
    .select(['f.id', 'f.course_id', 'f.user_id', 'f.topic_id', 't.title as topic_title', 'f.kind', 'f.front', 'f.back', 'f.chunk_ids',
      'f.created_at', 's.due', 's.reps', 's.lapses', 's.state'])
    .where('f.tenant_id', '=', tenantId).where('f.course_id', '=', courseId)
    .where((eb) => eb.or([eb('f.user_id', 'is', null), eb('f.user_id', '=', userId)]));
  if (cardId) query = query.where('f.id', '=', cardId);
  return query.orderBy('f.created_at').orderBy('f.id').execute();
}

/** A card by id in the tenant (any owner): the use case decides who may see it. */
export async function findCard(db: Db, tenantId: string, cardId: string) {
  return study(db).selectFrom('flashcards').selectAll().where('tenant_id', '=', tenantId).where('id', '=', cardId).executeTakeFirst();
}

/** Stores a card a learner added; returns its id. */
export async function insertLearnerCard(db: Db, input: {
  tenantId: string; courseId: string; userId: string; kind: string; front: string; back: string; chunkIds: string[]; topicId: string | null;
  source: Record<string, unknown>;
}): Promise<string> {
  const row = await study(db).insertInto('flashcards').values({
    tenant_id: input.tenantId, course_id: input.courseId, user_id: input.userId, topic_id: input.topicId, kind: input.kind,
    front: input.front, back: input.back, chunk_ids: input.chunkIds, source: JSON.stringify(input.source),
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Serialises one learner's reviews of one card. */
export async function lockCardSchedule(trx: Db, cardId: string, userId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`card:${cardId}:${userId}`}, 0))`.execute(trx);
}

export async function loadSchedule(db: Db, cardId: string, userId: string): Promise<StoredCardState | undefined> {
  const row = await study(db).selectFrom('flashcard_schedules').select('state').where('card_id', '=', cardId).where('user_id', '=', userId).executeTakeFirst();
  return row?.state as StoredCardState | undefined;
}

/** Writes the schedule and records the review. */
export async function saveReview(db: Db, input: {
  tenantId: string; courseId: string; cardId: string; userId: string; rating: string; state: StoredCardState; due: Date; intervalDays: number; reviewedAt: Date;
}): Promise<void> {
  const s = study(db);
  await s.insertInto('flashcard_schedules').values({
    tenant_id: input.tenantId, course_id: input.courseId, card_id: input.cardId, user_id: input.userId, state: JSON.stringify(input.state),
    due: input.due, reps: input.state.reps, lapses: input.state.lapses, updated_at: input.reviewedAt,
  }).onConflict((oc) => oc.columns(['card_id', 'user_id']).doUpdateSet({
    state: JSON.stringify(input.state), due: input.due, reps: input.state.reps, lapses: input.state.lapses, updated_at: input.reviewedAt,
  })).execute();
  await s.insertInto('flashcard_reviews').values({
    tenant_id: input.tenantId, course_id: input.courseId, card_id: input.cardId, user_id: input.userId, rating: input.rating,
    scheduled_days: input.intervalDays, due: input.due, reviewed_at: input.reviewedAt,
  }).execute();
}

/** How many cards the learner saw for the first time since `since` (the daily new-card allowance). */
export async function countCardsStartedSince(db: Db, tenantId: string, courseId: string, userId: string, since: Date): Promise<number> {
  const row = await study(db).selectFrom('flashcard_reviews as r').select((eb) => eb.fn.count<string>('r.card_id').distinct().as('n'))
    .where('r.tenant_id', '=', tenantId).where('r.course_id', '=', courseId).where('r.user_id', '=', userId)
    .where('r.reviewed_at', '>=', since)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('flashcard_reviews as e').select('e.id')
      .whereRef('e.card_id', '=', 'r.card_id').where('e.user_id', '=', userId).where('e.reviewed_at', '<', since))))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** An answer with its question, for making a card of it (the asker is checked by the caller). */
export async function findAnswerForCard(db: Db, tenantId: string, answerId: string) {
  return db.selectFrom('answers as a').innerJoin('questions as q', 'q.id', 'a.question_id')
    .select(['a.id', 'a.course_id', 'a.text', 'a.found', 'q.text as question', 'q.user_id'])
    .where('a.tenant_id', '=', tenantId).where('a.id', '=', answerId).executeTakeFirst();
}

/** The passages an answer cites, in marker order, with their topics. */
export async function listAnswerCitations(db: Db, tenantId: string, answerId: string) {
  return db.selectFrom('citations').leftJoin('chunks', 'chunks.id', 'citations.chunk_id')
    .select(['citations.chunk_id', 'chunks.topic_id']).where('citations.tenant_id', '=', tenantId)
    .where('citations.answer_id', '=', answerId).orderBy('citations.marker').execute();
}

/** A quiz attempt with its graded results, for making a card of a missed question. */
export async function findAttemptForCard(db: Db, tenantId: string, attemptId: string) {
  return db.selectFrom('quiz_attempts').select(['id', 'course_id', 'quiz_id', 'user_id', 'results'])
    .where('tenant_id', '=', tenantId).where('id', '=', attemptId).executeTakeFirst();
}

/** One question of a quiz, as a card shows it. */
export async function findQuizQuestionForCard(db: Db, tenantId: string, quizId: string, questionId: string) {
  return db.selectFrom('quiz_questions').select(['prompt', 'choices', 'explanation', 'topic_id', 'chunk_ids'])
    .where('tenant_id', '=', tenantId).where('quiz_id', '=', quizId).where('id', '=', questionId).executeTakeFirst();
}

/** A topic of the tenant, with its course. */
export async function findTenantTopic(db: Db, tenantId: string, topicId: string) {
  return db.selectFrom('topics').select(['id', 'title', 'course_id']).where('tenant_id', '=', tenantId).where('id', '=', topicId).executeTakeFirst();
}

/** Which of these chunk ids are passages of the course, with their topics. */
export async function listCourseChunkTopics(db: Db, tenantId: string, courseId: string, chunkIds: readonly string[]) {
  if (chunkIds.length === 0) return [];
  return db.selectFrom('chunks').select(['id', 'topic_id']).where('tenant_id', '=', tenantId)
    .where('course_id', '=', courseId).where('id', 'in', [...chunkIds]).execute();
}
