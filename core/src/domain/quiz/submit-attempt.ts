import { type Db, withTransaction } from '../../db/db-types.js';
import { insertAttempt, listAttempts, listQuizQuestions } from './quiz.repository.js';
import { loadMasteryState, lockLearnerMastery, saveMasteryState } from '../mastery/mastery.repository.js';
import { AppError, invalidArgument, notFound } from '../../errors/app-error.js';
import type { Actor } from '../identity/actor.js';
import { audit } from '../identity/audit.js';
import { applyResponses, beliefOfScope, summariseCourseMastery, tierForTopic } from '../mastery/course-mastery.js';
import { nextTierAfterQuizzes } from '../mastery/tier-moves.js';
import { clampTier } from '../mastery/tiers.js';
import { loadVisibleQuiz } from './create-quiz.js';
import { type GivenAnswer, gradeAnswer, guessRate } from './grading.js';
import type { AttemptCitationView } from './citations.js';
import { explainResults, weakTopicsOf } from './feedback.js';
import { loadTierHistory } from './tier-history.js';

/**
 * Raised after an attempt is stored: LTI grade passback (and anything else) listens here. `ltiLinkId` is the
 * resource link of the launch the learner came from, when there was one.
 *
 * @example
 * const onAttemptGraded: AttemptGradedHook = (attempt) => queueScorePassback(db, queue, attempt);
 */
export interface AttemptGraded {
  tenantId: string; courseId: string; quizId: string; attemptId: string; userId: string;
  score: number; maxScore: number; ltiLinkId?: string | undefined;
}
export type AttemptGradedHook = (attempt: AttemptGraded) => Promise<unknown>;

/** Ports of attempt grading. `onAttemptGraded` failures are reported, never undo the stored attempt. */
export interface SubmitAttemptDeps {
  db: Db;
  onAttemptGraded?: AttemptGradedHook | undefined;
  reportError?: ((error: unknown, context: Record<string, unknown>) => void) | undefined;
}

/** The graded attempt as the API returns it. */
export interface AttemptResultView {
  attemptId: string; quizId: string; score: number; maxScore: number; percent: number;
  results: { questionId: string; correct: boolean; given: GivenAnswer; correctAnswer: string; explanation: string; citations: AttemptCitationView[] }[];
  weakTopics: { topicId: string; title: string; correct: number; total: number }[];
  mastery: { course: number; uncertainty: number; pMastered: number; topics: { topicId: string; title: string; mastery: number; uncertainty: number; pMastered: number; evidence: number }[] };
  tier: number; nextTier: number; createdAt: Date;
}

/**
 * Grades the one attempt at the actor's own quiz: per question right/wrong with the right answer, the explanation
 * and the course passages it cites; weak topics; the mastery model updated with every answer (item tier, guessing
 * rate by type); the next tier. Stored with its audit record in one transaction, then `onAttemptGraded` is raised.
 *
 * A quiz is one served set of items and is submitted once: grading reveals the keys, so a second submission (a
 * replay of the revealed keys, a retry, two tabs at once) is refused with CONFLICT naming the attempt that
 * counts, as are answers for items that were not served in this quiz or named twice (INVALID_ARGUMENT). A refused
 * submission changes no mastery, tier or grade. New items come from a new quiz.
 *
 * @example
 * const result = await submitAttempt({ db, onAttemptGraded }, actor, quizId, [{ questionId, answer: 2 }]);
 */
export async function submitAttempt(
  deps: SubmitAttemptDeps, actor: Actor, quizId: string,
  answers: { questionId: string; answer: GivenAnswer }[], options: { ltiLinkId?: string | undefined } = {},
): Promise<AttemptResultView> {
  const { quiz, isOwner } = await loadVisibleQuiz(deps.db, actor, quizId);
  if (!isOwner) throw notFound('Quiz', { quiz_id: quizId });
  if (quiz.status !== 'ready') throw new AppError('CONFLICT', `This quiz is ${quiz.status}, not ready`);
  const questions = await listQuizQuestions(deps.db, actor.tenantId, quizId);
  const known = new Set(questions.map((q) => q.id));
  const unknown = answers.filter((a) => !known.has(a.questionId)).map((a) => a.questionId);
  if (unknown.length > 0) throw invalidArgument('Some answers name questions that are not in this quiz', { question_ids: unknown });
  const named = answers.map((a) => a.questionId);
  const twice = [...new Set(named.filter((id, i) => named.indexOf(id) !== i))];
  if (twice.length > 0) throw invalidArgument('Some questions are answered more than once', { question_ids: twice });
  await refuseSecondSubmission(deps.db, actor.tenantId, quizId);
  const givenById = new Map(answers.map((a) => [a.questionId, a.answer]));

  const graded = questions.map((q) => gradeAnswer(q, givenById.get(q.id) ?? null));
  const results = await explainResults(deps.db, actor.tenantId, questions, graded);
  const score = graded.filter((g) => g.correct).length;
  const titles = new Map(questions.filter((q) => q.topicId).map((q) => [q.topicId as string, q.topicTitle ?? '']));
  const { stored, summary, nextTier } = await withTransaction(deps.db, async (trx) => {
    // Read-modify-write of the learner's mastery under a lock: concurrent attempts must not lose each other's evidence.
    await lockLearnerMastery(trx, quiz.course_id, actor.userId);
    // Checked again under the lock: of two submissions racing, the second sees the first here (the unique index
    // quiz_attempts_one_submission is the last line).
    await refuseSecondSubmission(trx, actor.tenantId, quizId);
    const history = await loadTierHistory(trx, actor.tenantId, quiz.course_id, actor.userId, quiz.topic_id ?? null);
    const state = applyResponses(await loadMasteryState(trx, actor.tenantId, quiz.course_id, actor.userId),
      questions.map((q, i) => ({ topicId: q.topicId, tier: clampTier(q.tier), correct: graded[i]?.correct ?? false, guess: guessRate(q) })));
    const summary = summariseCourseMastery(state);
    const modelTier = quiz.topic_id ? tierForTopic(state, quiz.topic_id) : summary.nextTier;
    const percent = questions.length === 0 ? 0 : (100 * score) / questions.length;
    const nextTier = nextTierAfterQuizzes({
      lastTier: clampTier(quiz.tier), firstAttemptPercents: [...history.firstAttemptPercents, percent], modelTier,
      belief: beliefOfScope(state, quiz.topic_id ?? null),
    });
    await saveMasteryState(trx, { tenantId: actor.tenantId, courseId: quiz.course_id, userId: actor.userId }, state, summary);
    const row = await insertAttempt(trx, {
      tenantId: actor.tenantId, courseId: quiz.course_id, quizId, userId: actor.userId,
      answers: answers.map((a) => ({ question_id: a.questionId, answer: a.answer })),
      results: results.map((r) => ({ question_id: r.questionId, correct: r.correct, given: r.given, correct_answer: r.correctAnswer })),
      score, maxScore: questions.length, tier: quiz.tier, nextTier,
    });
    await audit(trx, actor, 'quiz.attempted', 'quiz_attempt', row.id, { quiz_id: quizId, score, max_score: questions.length });
    return { stored: row, summary, nextTier };
  });

  const ltiLinkId = options.ltiLinkId ?? ((quiz.context as { lti?: { link_id?: string } }).lti?.link_id);
  if (deps.onAttemptGraded) {
    try {
      await deps.onAttemptGraded({
        tenantId: actor.tenantId, courseId: quiz.course_id, quizId, attemptId: stored.id, userId: actor.userId,
        score, maxScore: questions.length, ltiLinkId,
      });
    } catch (error) {
      // The attempt is stored and graded; a failed hand-over (e.g. queue down) is reported, not shown to the learner.
      deps.reportError?.(error, { attempt_id: stored.id, hook: 'onAttemptGraded' });
    }
  }

  return {
    attemptId: stored.id, quizId, score, maxScore: questions.length,
    percent: questions.length === 0 ? 0 : Math.round((1000 * score) / questions.length) / 10,
    results, weakTopics: weakTopicsOf(questions, graded.map((g) => g.correct)),
    mastery: {
      course: summary.course.mastery, uncertainty: summary.course.uncertainty, pMastered: summary.course.pMastered,
      topics: Object.entries(summary.topics).filter(([id]) => titles.has(id)).map(([topicId, e]) => ({
        topicId, title: titles.get(topicId) ?? '', mastery: e.mastery, uncertainty: e.uncertainty, pMastered: e.pMastered, evidence: e.evidence,
      })),
    },
    tier: quiz.tier, nextTier, createdAt: stored.created_at,
  };
}

/** CONFLICT when the quiz already has its attempt: its keys were revealed, so it cannot be graded again. */
async function refuseSecondSubmission(db: Db, tenantId: string, quizId: string): Promise<void> {
  const [submitted] = await listAttempts(db, { tenantId, quizId, limit: 1 });
  if (submitted) {
    throw new AppError('CONFLICT', 'This quiz was already submitted and graded; start a new quiz to be graded again',
      { attempt_id: submitted.id });
  }
}
