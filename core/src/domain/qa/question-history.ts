import { AppError } from '../../errors/app-error.js';
import type { AnswerCitation } from './answer-question.js';
import type { ChunkLocation } from './qa.ports.js';

/** The learner whose history it is, in one course of one tenant. */
export interface LearnerScope { tenantId: string; courseId: string; userId: string }

/** One question of a learner's history as stored: the answer and its retrieval stats (which hold the mode and resolved question). */
export interface StoredQuestion {
  questionId: string; question: string; askedAt: Date; answerId: string | null; answer: string | null; found: boolean | null;
  stats: Record<string, unknown> | null;
}

/** A stored citation with its chunk and document (null when the material was deleted since). */
export interface StoredCitation {
  marker: number; chunkId: string | null; documentId: string | null; score: number; snippet: string; location: Record<string, unknown>;
  chunkIndex: number | null; text: string | null; documentTitle: string | null;
}

/** The port the history use cases receive. */
export interface QuestionHistoryStore {
  listOwn(input: LearnerScope & { limit: number; before?: Date }): Promise<StoredQuestion[]>;
  findOwn(input: LearnerScope & { questionId: string }): Promise<(StoredQuestion & { citations: StoredCitation[] }) | undefined>;
  deleteOwn(input: LearnerScope & { questionId: string }): Promise<boolean>;
}

/** One entry of the history list. */
export interface QuestionHistoryEntry {
  questionId: string; question: string; resolvedQuestion: string; askedAt: Date; answerId: string | null; found: boolean; answerMode: 'full' | 'hints';
}

/** A reopened question: what the learner was told then, with its sources as they are now. */
export interface ReopenedAnswer extends QuestionHistoryEntry { answer: string; citations: AnswerCitation[] }

/** How long a learner's questions are kept, and what deleting one removes (docs/qa-evaluation.md › Question history). */
export const QUESTION_HISTORY_RETENTION = 'kept while the course exists; the learner may delete any of them; deleting the course or the account removes them';

const modeOf = (stats: Record<string, unknown> | null): 'full' | 'hints' => (stats?.answerMode === 'hints' ? 'hints' : 'full');
const resolvedOf = (row: StoredQuestion) => (typeof row.stats?.resolvedQuestion === 'string' ? row.stats.resolvedQuestion : row.question);

function item(row: StoredQuestion): QuestionHistoryEntry {
  return {
    questionId: row.questionId, question: row.question, resolvedQuestion: resolvedOf(row), askedAt: row.askedAt,
    answerId: row.answerId, found: row.found ?? false, answerMode: modeOf(row.stats),
  };
}

/**
 * The learner's own questions in a course, newest first (older pages with `before`). Only the asking user's
 * rows are read; nobody else's questions ever appear.
 *
 * @example
 * const items = await listQuestionHistory({ store }, { tenantId, courseId, userId, limit: 20 });
 */
export async function listQuestionHistory(deps: { store: QuestionHistoryStore }, input: LearnerScope & { limit?: number; before?: Date }): Promise<QuestionHistoryEntry[]> {
  const limit = input.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new AppError('INVALID_ARGUMENT', 'limit must be an integer from 1 to 100', { field: 'limit' });
  const rows = await deps.store.listOwn({ tenantId: input.tenantId, courseId: input.courseId, userId: input.userId, limit, ...(input.before ? { before: input.before } : {}) });
  return rows.map(item);
}

/**
 * Reopens one of the learner's questions without asking again: the stored answer and its citations. A hint
 * stays a hint (its citations carry no text); a source deleted since keeps its marker and stored snippet.
 * Someone else's question, or an unknown id, is NOT_FOUND.
 *
 * @example
 * const reopened = await reopenQuestion({ store }, { tenantId, courseId, userId, questionId });
 */
export async function reopenQuestion(deps: { store: QuestionHistoryStore }, input: LearnerScope & { questionId: string }): Promise<ReopenedAnswer> {
  const row = await deps.store.findOwn(input);
  if (!row) throw new AppError('NOT_FOUND', 'No such question in your history');
  const base = item(row);
  const isHint = base.answerMode === 'hints';
  const cited = new Set([...(row.answer ?? '').matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
  const citations: AnswerCitation[] = row.citations.flatMap((c) => (c.chunkId && c.documentId ? [{
    marker: c.marker, documentId: c.documentId, documentTitle: c.documentTitle ?? '', chunkId: c.chunkId, chunkIndex: c.chunkIndex ?? 0,
    location: c.location as ChunkLocation, snippet: isHint ? '' : c.snippet, text: isHint ? '' : (c.text ?? ''), score: c.score, cited: cited.has(c.marker),
  }] : []));
  return { ...base, answer: row.answer ?? '', citations };
}

/**
 * Deletes one of the learner's questions with its answer, citations and feedback. Someone else's question,
 * or an unknown id, is NOT_FOUND (nothing is deleted).
 *
 * @example
 * await deleteOwnQuestion({ store }, { tenantId, courseId, userId, questionId });
 */
export async function deleteOwnQuestion(deps: { store: QuestionHistoryStore }, input: LearnerScope & { questionId: string }): Promise<void> {
  if (!(await deps.store.deleteOwn(input))) throw new AppError('NOT_FOUND', 'No such question in your history');
}
