import {
  AnswerPolicyQuery, AnswerPolicyRequest, AnswerPolicyResponse, type AnswerPolicy, type AnswerPolicyStore, type EffectiveAnswerPolicy,
  createAnswerPolicyRepository, createVocabularyRepository, effectiveAnswerPolicy, type VocabularyStore, AppError, FeedbackRequest, FeedbackResponse, IdParams, QueryRequest, QueryResponse, RecentQuestion, RecentQuestionsQuery,
  answerQuestion, audit, createQaRepository, createRetrievalRepository, isAppError,
  list, listRecentQuestions, recordFeedback, requireCourseRole,
} from '@tutorgraph/core';
import {
  createQuestionHistoryRepository, deleteOwnQuestion, listQuestionHistory, OkResponse, QuestionHistoryItem, QuestionHistoryQuery, QuestionParams,
  reopenQuestion, ReopenedQuestion, type Actor,
} from '@tutorgraph/core';
import type { AppDeps } from '../deps.js';
import type { ApiRouter } from './api-router.js';

const vocabularies = new WeakMap<AppDeps, VocabularyStore>();

/** One vocabulary store per app, so its per-course cache lives as long as the app. */
function vocabularyOf(deps: AppDeps): VocabularyStore {
  let store = vocabularies.get(deps);
  if (!store) { store = createVocabularyRepository(deps.db); vocabularies.set(deps, store); }
  return store;
}

const MODE_TEXT = { full: 'Full answers with sources', hints: 'Hints only: where to read and a question to guide you', off: 'Answers are turned off' } as const;

/** The learner-facing sentence for the policy in force. */
function policyMessage(effective: EffectiveAnswerPolicy): string {
  const now = MODE_TEXT[effective.mode];
  if (!effective.changesAt || !effective.nextMode) return `${now}.`;
  return `${now} until ${effective.changesAt.toISOString().replace('T', ' ').slice(0, 16)} UTC; then ${MODE_TEXT[effective.nextMode].charAt(0).toLowerCase()}${MODE_TEXT[effective.nextMode].slice(1)}.`;
}

const policyJson = (policy: AnswerPolicy | null) => (policy
  ? { mode: policy.mode, window: policy.window ? { mode: policy.window.mode, startsAt: policy.window.startsAt.toISOString(), endsAt: policy.window.endsAt.toISOString() } : null }
  : null);

/** The `AnswerPolicyResponse` for the policy in force (what GET answers and PUT returns after saving). */
function policyResponse(effective: EffectiveAnswerPolicy) {
  return {
    mode: effective.mode, source: effective.source, changesAt: effective.changesAt?.toISOString() ?? null, nextMode: effective.nextMode,
    message: policyMessage(effective), policy: policyJson(effective.policy),
  };
}

/** The policy in force for this course (and placement, when it belongs to the course) now. */
async function effectivePolicyFor(store: AnswerPolicyStore, scope: { tenantId: string; courseId: string }, placementId: string | undefined | null): Promise<EffectiveAnswerPolicy> {
  if (placementId && !(await store.linkInCourse({ ...scope, linkId: placementId }))) throw new AppError('NOT_FOUND', 'No such placement in this course');
  return effectiveAnswerPolicy(await store.findPolicies({ ...scope, linkId: placementId ?? null }), new Date());
}

/**
 * The learner's own question history in a course: checks the caller may use the course, and gives the history
 * store and the scope (tenant, course, the caller) the my-questions use cases take.
 */
async function ownQuestionsIn(deps: AppDeps, actor: Actor, courseId: string) {
  await requireCourseRole(deps.db, actor, courseId, 'learner');
  return { deps: { store: createQuestionHistoryRepository(deps.db) }, scope: { tenantId: actor.tenantId, courseId, userId: actor.userId } };
}

/** Grounded Q&A: ask a course, give feedback on an answer, and (instructors) see recent questions. */
export function registerQaRoutes(api: ApiRouter): void {
  api.route({
    method: 'post', path: '/courses/:id/query', summary: 'Ask a question answered only from this course, with citations', tags: ['qa'],
    auth: 'user', params: IdParams, body: QueryRequest, response: QueryResponse, rateLimit: 'expensive',
  }, async ({ deps, actor, params, body }) => {
    const role = await requireCourseRole(deps.db, actor, params.id, 'learner');
    if (body.debug && role !== 'instructor') throw new AppError('FORBIDDEN', 'Only instructors can see retrieval debug information');
    const { embeddings, llm } = deps.services;
    const scope = { tenantId: actor.tenantId, courseId: params.id };
    // Instructors always get full answers (they set the policy); learners get the mode in force now.
    const policy = role === 'instructor' ? undefined : await effectivePolicyFor(createAnswerPolicyRepository(deps.db), scope, body.placementId);
    if (policy?.mode === 'off') throw new AppError('FORBIDDEN', `Your teacher has turned answers off here. ${policyMessage(policy)}`, { answer_policy: 'off' });
    const result = await answerQuestion(
      { retrieval: createRetrievalRepository(deps.db), embeddings, llm, store: createQaRepository(deps.db), vocabulary: vocabularyOf(deps) },
      {
        ...scope, userId: actor.userId, question: body.question, topN: body.topN, topK: body.topK, answerMode: policy?.mode ?? 'full',
        ...(body.previousQuestion ? { previousQuestion: body.previousQuestion } : {}),
      },
    );
    const { retrievalStats, ...answer } = result;
    return body.debug ? { ...answer, retrievalStats } : answer;
  });

  api.route({
    method: 'get', path: '/courses/:id/answer-policy', summary: 'The answer policy in force for the learner now (full, hints only, off)', tags: ['qa'],
    auth: 'user', params: IdParams, query: AnswerPolicyQuery, response: AnswerPolicyResponse,
  }, async ({ deps, actor, params, query }) => {
    await requireCourseRole(deps.db, actor, params.id, 'learner');
    return policyResponse(await effectivePolicyFor(createAnswerPolicyRepository(deps.db), { tenantId: actor.tenantId, courseId: params.id }, query.placementId));
  });

  api.route({
    method: 'put', path: '/courses/:id/answer-policy', summary: 'Set the answer policy of the course or one placement, with an optional dated window (instructors)', tags: ['qa'],
    auth: 'user', params: IdParams, body: AnswerPolicyRequest, response: AnswerPolicyResponse,
  }, async ({ deps, actor, params, body }) => {
    await requireCourseRole(deps.db, actor, params.id, 'instructor');
    const store = createAnswerPolicyRepository(deps.db);
    const scope = { tenantId: actor.tenantId, courseId: params.id };
    if (body.placementId && !(await store.linkInCourse({ ...scope, linkId: body.placementId }))) throw new AppError('NOT_FOUND', 'No such placement in this course');
    const window = body.window ? { mode: body.window.mode, startsAt: new Date(body.window.startsAt), endsAt: new Date(body.window.endsAt) } : null;
    if (window && (Number.isNaN(window.startsAt.getTime()) || Number.isNaN(window.endsAt.getTime()))) {
      throw new AppError('INVALID_ARGUMENT', 'window.starts_at and window.ends_at must be ISO 8601 timestamps', { field: 'window' });
    }
    await store.upsertPolicy({ ...scope, linkId: body.placementId ?? null, policy: { mode: body.mode, window }, userId: actor.userId });
    await audit(deps.db, actor, 'answer_policy.set', 'course', params.id, { placement_id: body.placementId ?? null, mode: body.mode, window: body.window ?? null });
    return policyResponse(await effectivePolicyFor(store, scope, body.placementId));
  });

  api.route({
    method: 'post', path: '/answers/:id/feedback', summary: 'Say whether an answer helped and was grounded in the sources', tags: ['qa'],
    auth: 'user', params: IdParams, body: FeedbackRequest, response: FeedbackResponse,
  }, async ({ deps, actor, params, body }) => {
    const canAccessCourse = async (courseId: string) => {
      try {
        await requireCourseRole(deps.db, actor, courseId, 'learner');
        return true;
      } catch (error) {
        // Not enrolled (or another course's LTI session) reads as "no such answer"; anything else is a real failure.
        if (isAppError(error) && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND')) return false;
        throw error;
      }
    };
    const saved = await recordFeedback(
      { store: createQaRepository(deps.db), canAccessCourse },
      { tenantId: actor.tenantId, userId: actor.userId, answerId: params.id, helpful: body.helpful, grounded: body.grounded, comment: body.comment },
    );
    await audit(deps.db, actor, 'answer.feedback', 'answer', params.id, { course_id: saved.courseId, helpful: body.helpful, grounded: body.grounded });
    return { feedbackId: saved.feedbackId, answerId: params.id, helpful: body.helpful, grounded: body.grounded, comment: body.comment?.trim() || null, updatedAt: saved.updatedAt };
  });

  api.route({
    method: 'get', path: '/courses/:id/questions', summary: 'Recent questions in a course with answers and feedback (instructors)', tags: ['qa'],
    auth: 'user', params: IdParams, query: RecentQuestionsQuery, response: list(RecentQuestion),
  }, async ({ deps, actor, params, query }) => {
    await requireCourseRole(deps.db, actor, params.id, 'instructor');
    return { items: await listRecentQuestions({ store: createQaRepository(deps.db) }, { tenantId: actor.tenantId, courseId: params.id, limit: query.limit }) };
  });

  api.route({
    method: 'get', path: '/courses/:id/my-questions', summary: 'My own questions in this course, newest first (kept across sessions and devices)', tags: ['qa'],
    auth: 'user', params: IdParams, query: QuestionHistoryQuery, response: list(QuestionHistoryItem),
  }, async ({ deps, actor, params, query }) => {
    const own = await ownQuestionsIn(deps, actor, params.id);
    return { items: await listQuestionHistory(own.deps, { ...own.scope, limit: query.limit, ...(query.before ? { before: new Date(query.before) } : {}) }) };
  });

  api.route({
    method: 'get', path: '/courses/:id/my-questions/:questionId', summary: 'Reopen one of my questions: the stored answer and its sources', tags: ['qa'],
    auth: 'user', params: QuestionParams, response: ReopenedQuestion,
  }, async ({ deps, actor, params }) => {
    const own = await ownQuestionsIn(deps, actor, params.id);
    return reopenQuestion(own.deps, { ...own.scope, questionId: params.questionId });
  });

  api.route({
    method: 'delete', path: '/courses/:id/my-questions/:questionId', summary: 'Delete one of my questions with its answer and feedback', tags: ['qa'],
    auth: 'user', params: QuestionParams, response: OkResponse,
  }, async ({ deps, actor, params }) => {
    const own = await ownQuestionsIn(deps, actor, params.id);
    await deleteOwnQuestion(own.deps, { ...own.scope, questionId: params.questionId });
    await audit(deps.db, actor, 'question.delete_own', 'course', params.id, { question_id: params.questionId });
    return { ok: true };
  });
}
