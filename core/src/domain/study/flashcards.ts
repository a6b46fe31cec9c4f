import { type Db, withTransaction } from '../../db/db-types.js';
import { findCitedChunks } from '../quiz/quiz.repository.js';
import { invalidArgument, notFound } from '../../errors/app-error.js';
import type { Actor } from '../identity/actor.js';
import { audit } from '../identity/audit.js';
import { requireCourseRole } from '../identity/courses.js';
import {
  type CardWithSchedule, findAnswerForCard, findAttemptForCard, findCard, findQuizQuestionForCard, insertLearnerCard, listAnswerCitations, listLearnerCards,
} from './study.repository.js';
import type { CardKind } from './types.js';

/** A card as the learner sees it, with their schedule of it and the passages it cites. */
export interface FlashcardView {
  id: string; courseId: string; kind: CardKind; front: string; back: string; isOwn: boolean;
  topic: { id: string; title: string } | null;
  citations: { chunkId: string; documentId: string; documentTitle: string; heading: string }[];
  schedule: { state: 'new' | 'learning' | 'review' | 'relearning'; dueAt: Date | null; reps: number; lapses: number };
}

/** Views of card rows, citations resolved (a chunk deleted by re-indexing simply drops out). */
export async function presentCards(db: Db, tenantId: string, rows: readonly CardWithSchedule[]): Promise<FlashcardView[]> {
  const chunks = new Map((await findCitedChunks(db, tenantId, [...new Set(rows.flatMap((r) => r.chunk_ids))])).map((c) => [c.id, c]));
  return rows.map((row) => ({
    id: row.id, courseId: row.course_id, kind: row.kind as CardKind, front: row.front, back: row.back, isOwn: row.user_id !== null,
    topic: row.topic_id ? { id: row.topic_id, title: row.topic_title ?? '' } : null,
    citations: row.chunk_ids.flatMap((id) => {
      const chunk = chunks.get(id);
      return chunk ? [{ chunkId: chunk.id, documentId: chunk.document_id, documentTitle: chunk.document_title, heading: chunk.heading_path.join(' › ') }] : [];
    }),
    schedule: {
      state: ((row.state as { state?: FlashcardView['schedule']['state'] } | null)?.state) ?? 'new',
      dueAt: row.due ?? null, reps: row.reps ?? 0, lapses: row.lapses ?? 0,
    },
  }));
}

/**
 * The cards a learner studies in a course (the course's generated cards and their own), with their schedule.
 *
 * @example
 * const cards = await listFlashcards(db, actor, courseId);
 */
export async function listFlashcards(db: Db, actor: Actor, courseId: string): Promise<FlashcardView[]> {
  await requireCourseRole(db, actor, courseId, 'learner');
  return presentCards(db, actor.tenantId, await listLearnerCards(db, actor.tenantId, courseId, actor.userId));
}

async function addCard(db: Db, actor: Actor, input: Parameters<typeof insertLearnerCard>[1]): Promise<FlashcardView> {
  return withTransaction(db, async (trx) => {
    const id = await insertLearnerCard(trx, input);
    await audit(trx, actor, 'flashcard.created', 'flashcard', id, { course_id: input.courseId, kind: input.kind });
    const [row] = await listLearnerCards(trx, actor.tenantId, input.courseId, actor.userId, id);
    const [view] = await presentCards(trx, actor.tenantId, row ? [row] : []);
    if (!view) throw notFound('Flashcard', { flashcard_id: id });
    return view;
  });
}

const withoutMarkers = (text: string) => text.replace(/\s*\[\d+\](?:\[\d+\])*/g, '').trim();

/**
 * A card from an answer the learner was given: the question on the front, the answer (without citation
 * markers) on the back, citing the answer's passages. Only the person who asked may do this.
 *
 * @example
 * const card = await addCardFromAnswer(db, actor, answerId);
 */
export async function addCardFromAnswer(db: Db, actor: Actor, answerId: string): Promise<FlashcardView> {
  const answer = await findAnswerForCard(db, actor.tenantId, answerId);
  if (!answer || answer.user_id !== actor.userId) throw notFound('Answer', { answer_id: answerId });
  await requireCourseRole(db, actor, answer.course_id, 'learner');
  if (!answer.found) throw invalidArgument('This answer found nothing in the course: there is nothing to learn from it');
  const citations = await listAnswerCitations(db, actor.tenantId, answerId);
  const chunkIds = citations.flatMap((c) => (c.chunk_id ? [c.chunk_id] : []));
  return addCard(db, actor, {
    tenantId: actor.tenantId, courseId: answer.course_id, userId: actor.userId, kind: 'answer', front: answer.question.slice(0, 2000),
    back: withoutMarkers(answer.text).slice(0, 4000), chunkIds, topicId: citations.find((c) => c.topic_id)?.topic_id ?? null,
    source: { answer_id: answerId },
  });
}

/**
 * A card from a quiz question the learner missed: the prompt (with its choices) on the front, the right answer
 * and the explanation on the back, citing the question's passages.
 *
 * @example
 * const card = await addCardFromMissedQuestion(db, actor, attemptId, questionId);
 */
export async function addCardFromMissedQuestion(db: Db, actor: Actor, attemptId: string, questionId: string): Promise<FlashcardView> {
  const attempt = await findAttemptForCard(db, actor.tenantId, attemptId);
  if (!attempt || attempt.user_id !== actor.userId) throw notFound('Attempt', { attempt_id: attemptId });
  await requireCourseRole(db, actor, attempt.course_id, 'learner');
  const result = (attempt.results as { question_id: string; correct: boolean; correct_answer?: string }[]).find((r) => r.question_id === questionId);
  if (!result) throw notFound('Question', { question_id: questionId });
  if (result.correct) throw invalidArgument('This question was answered correctly: cards come from missed questions');
  const question = await findQuizQuestionForCard(db, actor.tenantId, attempt.quiz_id, questionId);
  if (!question) throw notFound('Question', { question_id: questionId });
  const choices = (question.choices as string[]).length > 2 ? `\n\n${(question.choices as string[]).map((c) => `• ${c}`).join('\n')}` : '';
  return addCard(db, actor, {
    tenantId: actor.tenantId, courseId: attempt.course_id, userId: actor.userId, kind: 'missed_question',
    front: `${question.prompt}${choices}`, back: `${result.correct_answer ?? ''}\n\n${question.explanation}`.trim(),
    chunkIds: question.chunk_ids, topicId: question.topic_id, source: { attempt_id: attemptId, question_id: questionId },
  });
}

/**
 * A card the actor may study: a course card of a course they are in, or their own card. Others get NOT_FOUND.
 *
 * @example
 * const card = await loadStudyableCard(db, actor, cardId);
 */
export async function loadStudyableCard(db: Db, actor: Actor, cardId: string) {
  const card = await findCard(db, actor.tenantId, cardId);
  if (!card || (card.user_id !== null && card.user_id !== actor.userId)) throw notFound('Flashcard', { flashcard_id: cardId });
  await requireCourseRole(db, actor, card.course_id, 'learner');
  return card;
}
