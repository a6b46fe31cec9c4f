import type { Db } from '../../db/db-types.js';
import { findAttempt, listQuizQuestions } from './quiz.repository.js';
import { AppError, notFound } from '../../errors/app-error.js';
import type { Actor } from '../identity/actor.js';
import { loadVisibleQuiz } from './create-quiz.js';
import { type ExplainedResult, explainResults, weakTopicsOf } from './feedback.js';
import type { GivenAnswer } from './grading.js';

/** A past attempt as the learner reviews it: every question, their answer, the key, the explanation, the weak topics. */
export interface AttemptDetailView {
  attemptId: string; quizId: string; score: number; maxScore: number; percent: number;
  results: (ExplainedResult & { prompt: string; choices: string[] })[];
  weakTopics: { topicId: string; title: string; correct: number; total: number }[];
  tier: number; nextTier: number; createdAt: Date;
}

/**
 * A past attempt in full, for the owner (or the course's instructors): the questions with the answers given, the
 * keys and explanations (what a wrong choice actually is, cited), and the topics that were weak in it.
 *
 * @example
 * const detail = await getAttempt(db, actor, attemptId);
 */
export async function getAttempt(db: Db, actor: Actor, attemptId: string): Promise<AttemptDetailView> {
  const attempt = await findAttempt(db, actor.tenantId, attemptId);
  if (!attempt) throw notFound('Attempt', { attempt_id: attemptId });
  const { role } = await loadVisibleQuiz(db, actor, attempt.quiz_id).catch((error: unknown) => {
    throw new AppError('NOT_FOUND', 'Attempt not found', { attempt_id: attemptId }, { cause: error });
  });
  if (attempt.user_id !== actor.userId && role !== 'instructor') throw notFound('Attempt', { attempt_id: attemptId });
  const questions = await listQuizQuestions(db, actor.tenantId, attempt.quiz_id);
  const stored = new Map((attempt.results as { question_id: string; correct: boolean; given: GivenAnswer; correct_answer: string }[])
    .map((r) => [r.question_id, r]));
  const graded = questions.map((q) => {
    const r = stored.get(q.id);
    return { correct: r?.correct ?? false, given: r?.given ?? null, correctAnswer: r?.correct_answer ?? '' };
  });
  const explained = await explainResults(db, actor.tenantId, questions, graded);
  return {
    attemptId: attempt.id, quizId: attempt.quiz_id, score: attempt.score, maxScore: attempt.max_score,
    percent: attempt.max_score === 0 ? 0 : Math.round((1000 * attempt.score) / attempt.max_score) / 10,
    results: explained.map((r, i) => ({ ...r, prompt: questions[i]?.prompt ?? '', choices: questions[i]?.choices ?? [] })),
    weakTopics: weakTopicsOf(questions, graded.map((g) => g.correct)), tier: attempt.tier, nextTier: attempt.next_tier, createdAt: attempt.created_at,
  };
}
