import {
  CourseAnalytics, CourseDocumentParams, CourseGrades, CourseRoster, CourseUserParams, DocumentPreview, ExportQuery, GapReport, IdParams, ItemListQuery,
  ItemParams, ItemReviewList, LearnerDrilldown, OkResponse, QuestionLog, QuestionLogQuery, RenameDocumentRequest, ReviewItem, UpdateItemRequest,
  exportCourseCsv, getCourseAnalytics, getCourseGrades, getCourseRoster, getGapReport, getLearnerDrilldown, getQuestionLog, listReviewItems,
  previewCourseDocument, renameCourseDocument, updateReviewItem,
} from '@tutorgraph/core';
import { z } from 'zod';
import type { ApiRouter } from './api-router.js';

/** The teacher's course console (instructors of the course and tenant admins; learners get 403). */
export function registerAnalyticsRoutes(api: ApiRouter): void {
  const tags = ['analytics'];
  api.route({
    method: 'get', path: '/courses/:id/analytics', summary: 'Class mastery: learner × topic heatmap, distribution, who has not started, feedback',
    tags, auth: 'user', params: IdParams, response: CourseAnalytics,
  }, ({ deps, actor, params }) => getCourseAnalytics(deps.db, actor, params.id));

  api.route({
    method: 'get', path: '/courses/:id/analytics/learners/:userId', summary: 'One learner: per-topic mastery with uncertainty, attempts, questions asked',
    tags, auth: 'user', params: CourseUserParams, response: LearnerDrilldown,
  }, ({ deps, actor, params }) => getLearnerDrilldown(deps.db, actor, params.id, params.userId));

  api.route({
    method: 'get', path: '/courses/:id/analytics/questions', summary: 'The question log with feedback (filter by topic, date, answered or not)',
    tags, auth: 'user', params: IdParams, query: QuestionLogQuery, response: QuestionLog,
  }, ({ deps, actor, params, query }) => getQuestionLog(deps.db, actor, params.id, query));

  api.route({
    method: 'get', path: '/courses/:id/analytics/gaps', summary: 'Course-gap report: unanswered questions clustered, ranked by distinct learners',
    tags, auth: 'user', params: IdParams, response: GapReport,
  }, ({ deps, actor, params }) => getGapReport(deps.db, actor, params.id));

  api.route({
    method: 'get', path: '/courses/:id/analytics/items', summary: 'Item review: every served quiz item with key, passages, checks and live statistics',
    tags, auth: 'user', params: IdParams, query: ItemListQuery, response: ItemReviewList,
  }, ({ deps, actor, params, query }) => listReviewItems(deps.db, actor, params.id, query));

  api.route({
    method: 'patch', path: '/courses/:id/analytics/items/:itemKey', summary: 'Approve, edit or retire an item (retired items are never served again)',
    tags, auth: 'user', params: ItemParams, body: UpdateItemRequest, response: ReviewItem,
  }, ({ deps, actor, params, body }) => updateReviewItem(deps.db, actor, params.id, params.itemKey, body));

  api.route({
    method: 'get', path: '/courses/:id/analytics/grades', summary: 'Per placement: grade policy and what was sent to the LMS, with its state',
    tags, auth: 'user', params: IdParams, response: CourseGrades,
  }, ({ deps, actor, params }) => getCourseGrades(deps.db, actor, params.id));

  api.route({
    method: 'get', path: '/courses/:id/analytics/roster', summary: 'People of the course with last activity, and the LMS roster sync state',
    tags, auth: 'user', params: IdParams, response: CourseRoster,
  }, ({ deps, actor, params }) => getCourseRoster(deps.db, actor, params.id));

  api.route({
    method: 'get', path: '/courses/:id/analytics/export', summary: 'CSV export of mastery or grades (text/csv)',
    tags, auth: 'user', params: IdParams, query: ExportQuery, response: z.string().describe('text/csv'),
  }, async ({ deps, actor, params, query, res }) => {
    const text = await exportCourseCsv(deps.db, actor, params.id, query.kind);
    res.status(200).type('text/csv; charset=utf-8').attachment(`course-${query.kind}.csv`).send(text);
  });

  api.route({
    method: 'patch', path: '/courses/:id/analytics/documents/:documentId', summary: 'Rename a course document',
    tags, auth: 'user', params: CourseDocumentParams, body: RenameDocumentRequest, response: OkResponse,
  }, ({ deps, actor, params, body }) => renameCourseDocument(deps.db, actor, params.id, params.documentId, body.title));

  api.route({
    method: 'get', path: '/courses/:id/analytics/documents/:documentId/text', summary: 'Preview of a document’s extracted text by section and page',
    tags, auth: 'user', params: CourseDocumentParams, response: DocumentPreview,
  }, ({ deps, actor, params }) => previewCourseDocument(deps.db, actor, params.id, params.documentId));
}
