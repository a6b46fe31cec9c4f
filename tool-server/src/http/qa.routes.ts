import {
  AppError, FeedbackRequest, FeedbackResponse, IdParams, QueryRequest, QueryResponse, RecentQuestion, RecentQuestionsQuery,
  answerQuestion, audit, createEmbeddingsProvider, createLlmProvider, createQaRepository, createRetrievalRepository, isAppError,
  list, listRecentQuestions, recordFeedback, requireCourseRole, type EmbeddingsProvider, type LlmProvider,
} from '@tutorgraph/core';
import type { AppDeps } from '../deps.js';
import type { ApiRouter } from './api-router.js';

const fallbackProviders = new WeakMap<AppDeps, { embeddings: EmbeddingsProvider; llm: LlmProvider }>();

/** The configured providers from deps.services, or (tests, tools) the ones configuration picks. */
function providersOf(deps: AppDeps): { embeddings: EmbeddingsProvider; llm: LlmProvider } {
  const embeddings = deps.services.embeddings as EmbeddingsProvider | undefined;
  const llm = deps.services.llm as LlmProvider | undefined;
  if (embeddings && llm) return { embeddings, llm };
  let fallback = fallbackProviders.get(deps);
  if (!fallback) {
    fallback = { embeddings: createEmbeddingsProvider(deps.config), llm: createLlmProvider(deps.config) };
    fallbackProviders.set(deps, fallback);
  }
  return { embeddings: embeddings ?? fallback.embeddings, llm: llm ?? fallback.llm };
}

/** Grounded Q&A: ask a course, give feedback on an answer, and (instructors) see recent questions. */
export function registerQaRoutes(api: ApiRouter): void {
  api.route({
    method: 'post', path: '/courses/:id/query', summary: 'Ask a question answered only from this course, with citations', tags: ['qa'],
    auth: 'user', params: IdParams, body: QueryRequest, response: QueryResponse, rateLimit: 'expensive',
  }, async ({ deps, actor, params, body }) => {
    const role = await requireCourseRole(deps.db, actor, params.id, 'learner');
    if (body.debug && role !== 'instructor') throw new AppError('FORBIDDEN', 'Only instructors can see retrieval debug information');
    const { embeddings, llm } = providersOf(deps);
    const result = await answerQuestion(
      { retrieval: createRetrievalRepository(deps.db), embeddings, llm, store: createQaRepository(deps.db) },
      { tenantId: actor.tenantId, courseId: params.id, userId: actor.userId, question: body.question, topN: body.topN, topK: body.topK },
    );
    const { retrievalStats, ...answer } = result;
    return body.debug ? { ...answer, retrievalStats } : answer;
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
}
