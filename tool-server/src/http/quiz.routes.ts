import {
  AttemptDetail, AttemptResult, AttemptSummary, CourseAttemptsQuery, CreateQuizRequest, IdParams, Performance,
  Quiz, SubmitAttemptRequest, createQuiz, getAttempt, getPerformance, getQuiz, list, listCourseAttempts, listQuizAttempts, submitAttempt,
} from '@tutorgraph/core';
import type { ApiRouter } from './api-router.js';

/** Adaptive quizzes: generate at the learner's tier, grade with cited explanations, attempts, performance. */
export function registerQuizRoutes(api: ApiRouter): void {
  api.route({
    method: 'post', path: '/courses/:id/quizzes', summary: 'Generate a practice quiz at my tier', tags: ['quizzes'],
    auth: 'user', params: IdParams, body: CreateQuizRequest, response: Quiz, status: 201, rateLimit: 'expensive',
  }, ({ deps, actor, params, body, session }) => createQuiz({ db: deps.db, generator: deps.services.quizGenerator }, actor, params.id, {
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
    onAttemptGraded: deps.services.onAttemptGraded,
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
