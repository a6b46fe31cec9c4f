import { AppError } from '../../errors/app-error.js';
import type { QaStore } from './qa.ports.js';

/** Longest feedback comment, in characters. */
export const FEEDBACK_COMMENT_MAX_CHARS = 2000;

export interface RecordFeedbackInput {
  tenantId: string;
  userId: string;
  answerId: string;
  helpful: boolean;
  grounded: boolean;
  comment?: string | null | undefined;
}

/**
 * Records a user's verdict on an answer (one per user and answer; sending again updates it). The
 * answer must exist in the caller's tenant; `canAccessCourse` lets the shell check course membership,
 * since the course is only known once the answer is found. Returns the answer's course for auditing.
 *
 * @example
 * await recordFeedback({ store, canAccessCourse }, { tenantId, userId, answerId, helpful: true, grounded: true });
 */
export async function recordFeedback(
  deps: { store: QaStore; canAccessCourse: (courseId: string) => Promise<boolean> | boolean },
  input: RecordFeedbackInput,
): Promise<{ feedbackId: string; answerId: string; courseId: string; updatedAt: Date }> {
  const comment = input.comment?.trim() || null;
  if (comment && comment.length > FEEDBACK_COMMENT_MAX_CHARS) {
    throw new AppError('INVALID_ARGUMENT', `The comment is longer than ${FEEDBACK_COMMENT_MAX_CHARS} characters`, { field: 'comment' });
  }
  const scope = await deps.store.findAnswerScope({ tenantId: input.tenantId, answerId: input.answerId });
  // Another tenant's answer, someone else's answer and a missing one look the same: NOT_FOUND, so ids
  // cannot be probed and nobody rates an answer they were not given (issue #15).
  if (!scope || scope.askedBy !== input.userId || !(await deps.canAccessCourse(scope.courseId))) throw new AppError('NOT_FOUND', 'Answer not found', { answer_id: input.answerId });
  const saved = await deps.store.upsertFeedback({
    tenantId: input.tenantId, answerId: input.answerId, userId: input.userId,
    helpful: input.helpful, grounded: input.grounded, comment,
  });
  return { feedbackId: saved.feedbackId, answerId: input.answerId, courseId: scope.courseId, updatedAt: saved.updatedAt };
}
