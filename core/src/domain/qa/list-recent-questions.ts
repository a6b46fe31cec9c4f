import { AppError } from '../../errors/app-error.js';
import type { CourseScope, QaStore, RecentQuestionRecord } from './qa.ports.js';

/**
 * A course's most recent questions with their answer and a summary of feedback, newest first (the
 * instructors' "recent Q&A"). The shell checks the caller is an instructor of the course.
 *
 * @example
 * const recent = await listRecentQuestions({ store }, { tenantId, courseId, limit: 20 });
 */
export async function listRecentQuestions(deps: { store: QaStore }, input: CourseScope & { limit?: number }): Promise<RecentQuestionRecord[]> {
  const limit = input.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new AppError('INVALID_ARGUMENT', 'limit must be an integer from 1 to 100', { field: 'limit' });
  return deps.store.listRecentQuestions({ tenantId: input.tenantId, courseId: input.courseId, limit });
}
