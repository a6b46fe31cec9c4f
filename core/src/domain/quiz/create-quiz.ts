import { type Db, withTransaction } from '../../db/db-types.js';
import {
  type StoredQuestion, countQuizzesOfUser, findQuiz, findTopic, insertQuiz, listPromptsServedToUser, listQuizQuestions, loadCourseSourceChunks,
} from './quiz.repository.js';
import { loadMasteryState } from '../mastery/mastery.repository.js';
import { AppError, notFound } from '../../errors/app-error.js';
import type { Actor } from '../identity/actor.js';
import { audit } from '../identity/audit.js';
import { requireCourseRole } from '../identity/courses.js';
import { tierForTopic } from '../mastery/course-mastery.js';
import { applyItemReviews } from '../analytics/apply-item-reviews.js';
import { gateItems } from './item-gate.js';
import { loadTierHistory } from './tier-history.js';
import type { QuizGenerator } from './types.js';

/** Ports of quiz creation. */
export interface CreateQuizDeps { db: Db; generator: QuizGenerator }

/** A quiz as learners see it (answers withheld). */
export interface QuizView {
  id: string; courseId: string; tier: number; status: string; topic: { id: string; title: string } | null; generator: string;
  numQuestions: number; createdAt: Date;
  questions: { id: string; position: number; type: string; tier: number; prompt: string; choices: string[]; topic: { id: string; title: string } | null }[];
}

function presentQuiz(quiz: NonNullable<Awaited<ReturnType<typeof findQuiz>>>, topic: { id: string; title: string } | null, questions: StoredQuestion[]): QuizView {
  return {
    id: quiz.id, courseId: quiz.course_id, tier: quiz.tier, status: quiz.status, topic, generator: quiz.generator,
    numQuestions: quiz.num_questions, createdAt: quiz.created_at,
    questions: questions.map((q) => ({
      id: q.id, position: q.position, type: q.type, tier: q.tier, prompt: q.prompt, choices: q.choices,
      topic: q.topicId ? { id: q.topicId, title: q.topicTitle ?? '' } : null,
    })),
  };
}

/**
 * Generates a practice quiz for the acting learner at the tier their mastery calls for (of the topic when one
 * is given, else of the course), from the course's indexed chunks. The quiz remembers an LTI link it was
 * opened from (`context.lti`), so its attempts can be passed back to the LMS gradebook.
 *
 * @example
 * const quiz = await createQuiz({ db, generator }, actor, courseId, { numQuestions: 5 });
 */
export async function createQuiz(
  deps: CreateQuizDeps, actor: Actor, courseId: string,
  input: { numQuestions: number; topicId?: string | undefined; ltiLinkId?: string | undefined },
): Promise<QuizView> {
  await requireCourseRole(deps.db, actor, courseId, 'learner');
  const topic = input.topicId ? await findTopic(deps.db, actor.tenantId, courseId, input.topicId) : null;
  if (input.topicId && !topic) throw notFound('Topic', { topic_id: input.topicId });
  const state = await loadMasteryState(deps.db, actor.tenantId, courseId, actor.userId);
  // The tier the learner's last first attempt in this scope settled on (tier moves), else the model's.
  const history = await loadTierHistory(deps.db, actor.tenantId, courseId, actor.userId, input.topicId ?? null);
  const tier = history.nextTier ?? tierForTopic(state, input.topicId);
  const chunks = await loadCourseSourceChunks(deps.db, actor.tenantId, courseId);
  if (chunks.length === 0) throw new AppError('CONFLICT', 'This course has no indexed content yet: upload documents first');
  const previous = await countQuizzesOfUser(deps.db, actor.tenantId, courseId, actor.userId);
  const seenPrompts = await listPromptsServedToUser(deps.db, actor.tenantId, courseId, actor.userId);
  const seed = `${actor.userId}:${courseId}:${previous}`;
  let candidates;
  try {
    candidates = await deps.generator.generate({
      chunks, tier, numQuestions: input.numQuestions, seed, topicId: input.topicId ?? null, seenPrompts,
    });
  } catch (error) {
    throw new AppError('UNAVAILABLE', 'The quiz generator failed; try again shortly', { generator: deps.generator.name }, { cause: error });
  }
  // The teacher's item review: retired items never reach learners, edited ones carry the teacher's text.
  candidates = await applyItemReviews(deps.db, actor.tenantId, courseId, candidates);
  // Every generator's items pass the same gate; what fails is kept (with its reasons) for the teacher's item review.
  const { accepted: questions, rejected } = gateItems(candidates, { chunks, seenPrompts, limit: input.numQuestions, seed });
  if (questions.length === 0) {
    throw new AppError('CONFLICT', `Not enough key terms in this ${topic ? 'topic' : 'course'} to build a quiz`, { topic_id: input.topicId ?? null });
  }
  return withTransaction(deps.db, async (trx) => {
    const row = await insertQuiz(trx, {
      tenantId: actor.tenantId, courseId, userId: actor.userId, tier, topicId: topic?.id ?? null, generator: deps.generator.name,
      context: {
        ...(input.ltiLinkId ? { lti: { link_id: input.ltiLinkId } } : {}),
        gate: { rejected: rejected.map((r) => ({ prompt: r.question.prompt, tier: r.question.tier, strategy: r.question.strategy ?? null, reasons: r.reasons })) },
      },
      questions,
    });
    await audit(trx, actor, 'quiz.created', 'quiz', row.id, { course_id: courseId, tier, questions: questions.length });
    const quiz = await findQuiz(trx, actor.tenantId, row.id);
    if (!quiz) throw new AppError('INTERNAL', 'Quiz vanished after insert');
    return presentQuiz(quiz, topic ?? null, await listQuizQuestions(trx, actor.tenantId, row.id));
  });
}

/**
 * Loads a quiz the actor may see: their own, or any quiz of a course they teach. Others get NOT_FOUND (a
 * learner cannot tell another learner's quiz exists).
 */
export async function loadVisibleQuiz(db: Db, actor: Actor, quizId: string) {
  const quiz = await findQuiz(db, actor.tenantId, quizId);
  if (!quiz) throw notFound('Quiz', { quiz_id: quizId });
  const role = await requireCourseRole(db, actor, quiz.course_id, 'learner').catch((error: unknown) => {
    throw new AppError('NOT_FOUND', 'Quiz not found', { quiz_id: quizId }, { cause: error });
  });
  const isOwner = quiz.user_id === actor.userId;
  if (!isOwner && role !== 'instructor') throw notFound('Quiz', { quiz_id: quizId });
  return { quiz, isOwner, role };
}

/**
 * A quiz with its questions, answers withheld.
 *
 * @example
 * const quiz = await getQuiz(db, actor, quizId);
 */
export async function getQuiz(db: Db, actor: Actor, quizId: string): Promise<QuizView> {
  const { quiz } = await loadVisibleQuiz(db, actor, quizId);
  const topic = quiz.topic_id ? await findTopic(db, actor.tenantId, quiz.course_id, quiz.topic_id) : undefined;
  return presentQuiz(quiz, topic ?? null, await listQuizQuestions(db, actor.tenantId, quizId));
}
