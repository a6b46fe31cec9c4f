import {
  AttemptDetail, AttemptResult, AttemptSummary, CourseAttemptsQuery, CreateQuizRequest, IdParams, type EmbeddingsProvider, type JobQueue, Performance,
  Quiz, type AttemptGradedHook, type QuizGenerator, SubmitAttemptRequest, createLocalQuizGenerator, createOpenAiQuizGenerator, createQuiz,
  getAttempt, getPerformance, getQuiz, list, listCourseAttempts, listQuizAttempts, queueScorePassback, submitAttempt,
} from '@tutorgraph/core';
import type { AppDeps } from '../deps.js';
import type { ApiRouter } from './api-router.js';

const generators = new WeakMap<AppDeps, QuizGenerator>();

/**
 * The quiz generator for this app: `services.quizGenerator` when one is given (tests, custom setups), the
 * OpenAI-compatible one when LLM_PROVIDER=openai, else the local key-term generator (with the configured
 * embeddings for "closest in meaning" distractors).
 */
function quizGenerator(deps: AppDeps): QuizGenerator {
  const configured = deps.services.quizGenerator as QuizGenerator | undefined;
  if (configured) return configured;
  let generator = generators.get(deps);
  if (!generator) {
    const { llm, openai } = deps.config;
    generator = llm.provider === 'openai' && openai.apiKey
      ? createOpenAiQuizGenerator({ apiKey: openai.apiKey, baseUrl: openai.baseUrl, model: llm.model, timeoutMs: llm.timeoutMs })
      : createLocalQuizGenerator({ embeddings: deps.services.embeddings as EmbeddingsProvider | undefined });
    generators.set(deps, generator);
  }
  return generator;
}

/** Who hears about graded attempts: `services.onAttemptGraded`, else LTI grade passback through the job queue. */
function attemptGradedHook(deps: AppDeps): AttemptGradedHook | undefined {
  const configured = deps.services.onAttemptGraded as AttemptGradedHook | undefined;
  if (configured) return configured;
  const queue = deps.services.jobQueue as JobQueue | undefined;
  return queue ? (attempt) => queueScorePassback(deps.db, queue, attempt, deps.config.jobs.maxAttempts) : undefined;
}

/** Adaptive quizzes: generate at the learner's tier, grade with cited explanations, attempts, performance. */
export function registerQuizRoutes(api: ApiRouter): void {
  api.route({
    method: 'post', path: '/courses/:id/quizzes', summary: 'Generate a practice quiz at my tier', tags: ['quizzes'],
    auth: 'user', params: IdParams, body: CreateQuizRequest, response: Quiz, status: 201, rateLimit: 'expensive',
  }, ({ deps, actor, params, body, session }) => createQuiz({ db: deps.db, generator: quizGenerator(deps) }, actor, params.id, {
    numQuestions: body.numQuestions, topicId: body.topicId, ltiLinkId: session.ltiLinkId,
  }));

  api.route({
    method: 'get', path: '/quizzes/:id', summary: 'A quiz (questions without answers)', tags: ['quizzes'],
    auth: 'user', params: IdParams, response: Quiz,
  }, ({ deps, actor, params }) => getQuiz(deps.db, actor, params.id));

  api.route({
    method: 'post', path: '/quizzes/:id/attempts', summary: 'Submit answers: score, cited explanations, weak topics, mastery, next tier',
    tags: ['quizzes'], auth: 'user', params: IdParams, body: SubmitAttemptRequest, response: AttemptResult, status: 201,
  }, ({ deps, actor, params, body, session }) => submitAttempt({
    db: deps.db,
    onAttemptGraded: attemptGradedHook(deps),
    reportError: (error, context) => deps.logger.error({ err: error, ...context }, 'attempt hand-over failed'),
  }, actor, params.id, body.answers.map((a) => ({ questionId: a.questionId, answer: a.answer })), { ltiLinkId: session.ltiLinkId }));

  api.route({
    method: 'get', path: '/quizzes/:id/attempts', summary: 'Attempts at a quiz (mine; all for instructors)', tags: ['quizzes'],
    auth: 'user', params: IdParams, response: list(AttemptSummary),
  }, async ({ deps, actor, params }) => ({ items: await listQuizAttempts(deps.db, actor, params.id) }));

  api.route({
    method: 'get', path: '/attempts/:id', summary: 'A past attempt: each question, my answer, the key, the explanation and the weak topics',
    tags: ['quizzes'], auth: 'user', params: IdParams, response: AttemptDetail,
  }, ({ deps, actor, params }) => getAttempt(deps.db, actor, params.id));

  api.route({
    method: 'get', path: '/courses/:id/attempts', summary: 'Quiz attempts in a course (?user=me, or a learner for instructors)',
    tags: ['quizzes'], auth: 'user', params: IdParams, query: CourseAttemptsQuery, response: list(AttemptSummary),
  }, async ({ deps, actor, params, query }) => ({ items: await listCourseAttempts(deps.db, actor, params.id, query.user) }));

  api.route({
    method: 'get', path: '/courses/:id/performance', summary: 'My mastery, per-topic mastery, tier, recent attempts and questions',
    tags: ['quizzes'], auth: 'user', params: IdParams, response: Performance,
  }, ({ deps, actor, params }) => getPerformance(deps.db, actor, params.id));
}
