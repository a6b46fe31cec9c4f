import { z } from 'zod';
import { Timestamp, Uuid } from './common.js';

/** `POST /v1/courses/:id/query` body. */
export const QueryRequest = z.object({
  question: z.string().trim().min(1).max(1000).describe('At most 1,000 characters'),
  top_n: z.number().int().min(1).max(200).default(40).describe('Rows per first-stage retrieval leg'),
  top_k: z.number().int().min(1).max(50).default(10).describe('Chunks kept after rerank (the citations)'),
  debug: z.boolean().default(false).describe('Instructors only: include retrieval_stats'),
  previous_question: z.string().trim().max(1000).optional()
    .describe('The thread\'s previous question: a follow-up ("and what about X?") is read against it'),
  placement_id: Uuid.optional().describe('The placement (LTI resource link) the learner asks from: its answer policy applies'),
}).meta({ id: 'QueryRequest' });

export const CitationLocation = z.object({
  page: z.number().int().optional(),
  slide: z.number().int().optional(),
  heading: z.string().optional(),
});

export const Citation = z.object({
  marker: z.number().int().describe('What `[n]` in the answer refers to'),
  document_id: Uuid,
  document_title: z.string(),
  chunk_id: Uuid,
  chunk_index: z.number().int(),
  location: CitationLocation,
  snippet: z.string().max(310).describe('The most relevant span of the chunk, at most 300 characters plus ellipses'),
  text: z.string().describe('The whole chunk'),
  score: z.number(),
  cited: z.boolean().describe('Whether the answer text uses this marker'),
}).meta({ id: 'Citation' });

export const QueryResponse = z.object({
  answer_id: Uuid,
  answer: z.string(),
  found: z.boolean().describe('false: "Not found in course content." — nothing outside the course is ever answered'),
  citations: z.array(Citation),
  suggestion: z.string().optional(),
  resolved_question: z.string().describe('The question answered: a follow-up read against the previous one, spelling corrected against the course'),
  corrections: z.array(z.object({ from: z.string(), to: z.string() })).describe('Words corrected against the course vocabulary'),
  answer_mode: z.enum(['full', 'hints']).describe('hints: the answer is a hint (where to read, a guiding question); citations carry no text'),
  retrieval_stats: z.record(z.string(), z.unknown()).optional()
    .describe('debug only: per-leg top-N ids and scores, fused and reranked scores, selected ids, latency per stage'),
}).meta({ id: 'QueryResponse' });

/** `POST /v1/answers/:id/feedback` body. */
export const FeedbackRequest = z.object({
  helpful: z.boolean(),
  grounded: z.boolean(),
  comment: z.string().max(2000).optional(),
}).meta({ id: 'FeedbackRequest' });

export const FeedbackResponse = z.object({
  feedback_id: Uuid, answer_id: Uuid, helpful: z.boolean(), grounded: z.boolean(), comment: z.string().nullable(), updated_at: Timestamp,
}).meta({ id: 'FeedbackResponse' });

/** `GET /v1/courses/:id/questions?limit=` query. */
export const RecentQuestionsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

export const RecentQuestion = z.object({
  question_id: Uuid,
  question: z.string(),
  asked_at: Timestamp,
  user_id: Uuid.nullable(),
  answer_id: Uuid.nullable(),
  answer: z.string().nullable(),
  found: z.boolean().nullable(),
  citation_count: z.number().int(),
  feedback: z.object({
    helpful_count: z.number().int(), not_helpful_count: z.number().int(),
    grounded_count: z.number().int(), not_grounded_count: z.number().int(), comments: z.array(z.string()),
  }),
}).meta({ id: 'RecentQuestion' });

const AnswerModeSchema = z.enum(['full', 'hints', 'off']);

export const AnswerPolicyWindow = z.object({
  mode: AnswerModeSchema.describe('The mode in force between starts_at and ends_at (e.g. "off" during an exam)'),
  starts_at: Timestamp,
  ends_at: Timestamp,
}).refine((w) => new Date(w.ends_at) > new Date(w.starts_at), { message: 'ends_at must be after starts_at', path: ['ends_at'] });

/** `PUT /v1/courses/:id/answer-policy` body (instructors). */
export const AnswerPolicyRequest = z.object({
  placement_id: Uuid.nullable().default(null).describe('A placement (LTI resource link) of the course; null sets the whole course'),
  mode: AnswerModeSchema.describe('full answers, hints only (point to the passage, ask a guiding question, never state the key), or off'),
  window: AnswerPolicyWindow.nullable().default(null).describe('A dated window with another mode, e.g. an exam'),
}).meta({ id: 'AnswerPolicyRequest' });

/** `GET /v1/courses/:id/answer-policy?placement_id=` query. */
export const AnswerPolicyQuery = z.object({ placement_id: Uuid.optional() });

/** The answer policy in force for the learner now, and the stored policies it comes from. */
export const AnswerPolicyResponse = z.object({
  mode: AnswerModeSchema.describe('In force now'),
  source: z.enum(['default', 'course', 'placement']),
  changes_at: Timestamp.nullable().describe('When the mode in force changes next (a window opens or closes)'),
  next_mode: AnswerModeSchema.nullable(),
  message: z.string().describe('What the learner is shown'),
  policy: z.object({ mode: AnswerModeSchema, window: z.object({ mode: AnswerModeSchema, starts_at: Timestamp, ends_at: Timestamp }).nullable() }).nullable(),
}).meta({ id: 'AnswerPolicyResponse' });

/** `GET /v1/courses/:id/my-questions` query: the learner's own questions, newest first. */
export const QuestionHistoryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: Timestamp.optional().describe('Only questions asked before this time (the next page: the last item\'s asked_at)'),
});

export const QuestionParams = z.object({ id: Uuid, questionId: Uuid });

export const QuestionHistoryItem = z.object({
  question_id: Uuid,
  question: z.string().describe('As the learner typed it'),
  resolved_question: z.string().describe('As it was answered (follow-up read against the thread, spelling corrected)'),
  asked_at: Timestamp,
  answer_id: Uuid.nullable(),
  found: z.boolean(),
  answer_mode: z.enum(['full', 'hints']),
}).meta({ id: 'QuestionHistoryItem' });

/** `GET /v1/courses/:id/my-questions/:questionId`: the stored answer, reopened without asking again. */
export const ReopenedQuestion = QuestionHistoryItem.extend({
  answer: z.string(),
  citations: z.array(Citation).describe('Sources still in the course; a hint\'s carry no text'),
}).meta({ id: 'ReopenedQuestion' });

/** Wire shapes (snake_case JSON) for the widgets (`import type`): the ask panel reads these, never a copy. */
export type CitationWire = z.output<typeof Citation>;
export type QueryResponseWire = z.output<typeof QueryResponse>;
export type AnswerPolicyResponseWire = z.output<typeof AnswerPolicyResponse>;
export type QuestionHistoryItemWire = z.output<typeof QuestionHistoryItem>;
export type ReopenedQuestionWire = z.output<typeof ReopenedQuestion>;
