import { z } from 'zod';
import { Timestamp, Uuid, type list } from './common.js';
import type { DocumentResponse } from '../domain/ingestion/documents.contracts.js';

/**
 * The teacher's course console (issue #19): class mastery, what students ask, what the course cannot answer,
 * item review, grades and roster. Instructors of the course and tenant admins only; learners get 403.
 * Mastery values are percentages (0–100) with their uncertainty (one standard deviation, 0–100).
 * The widgets import the `…Wire` types below (`import type`), so server and console cannot drift.
 */
const TopicRef = z.object({ id: Uuid, title: z.string() });
const Feedback = z.object({ helpful: z.number().int(), not_helpful: z.number().int(), grounded: z.number().int(), not_grounded: z.number().int() });

export const CourseUserParams = z.object({ id: Uuid, userId: Uuid });
export const ItemParams = z.object({ id: Uuid, itemKey: z.string().regex(/^[0-9a-f]{16}$/) });
export const CourseDocumentParams = z.object({ id: Uuid, documentId: Uuid });

export const TopicCell = z.object({
  topic_id: Uuid, mastery: z.number().nullable(), uncertainty: z.number().nullable(), evidence: z.number().int(),
});
export const LearnerRow = z.object({
  user_id: Uuid, name: z.string(), email: z.string().nullable(), has_started: z.boolean(),
  mastery: z.number().nullable(), uncertainty: z.number().nullable(), attempts: z.number().int(), questions: z.number().int(),
  last_active_at: Timestamp.nullable(), topics: z.array(TopicCell),
});
export const CourseAnalytics = z.object({
  course_id: Uuid,
  learners_total: z.number().int(), learners_started: z.number().int(),
  questions_asked: z.number().int(), unanswered_questions: z.number().int(), attempts: z.number().int(),
  feedback: Feedback,
  topics: z.array(TopicRef),
  learners: z.array(LearnerRow),
  /** Learners per course-mastery band (five bands of 20 points); learners who have not started are not counted. */
  distribution: z.array(z.object({ from: z.number(), to: z.number(), learners: z.number().int() })),
  not_started: z.array(z.object({ user_id: Uuid, name: z.string() })),
  weak_topics: z.array(z.object({ topic_id: Uuid, title: z.string(), mastery: z.number(), learners: z.number().int() })),
  recent_questions: z.array(z.object({ question_id: Uuid, question: z.string(), found: z.boolean().nullable(), created_at: Timestamp })),
}).meta({ id: 'CourseAnalytics' });

export const LearnerDrilldown = z.object({
  user_id: Uuid, name: z.string(), email: z.string().nullable(),
  course: z.object({ mastery: z.number(), uncertainty: z.number(), evidence: z.number().int() }).nullable(),
  topics: z.array(z.object({ topic_id: Uuid, title: z.string(), mastery: z.number().nullable(), uncertainty: z.number().nullable(), evidence: z.number().int() })),
  attempts: z.array(z.object({ attempt_id: Uuid, quiz_id: Uuid, tier: z.number().int(), score: z.number(), max_score: z.number(), percent: z.number(), created_at: Timestamp })),
  questions: z.array(z.object({ question_id: Uuid, text: z.string(), found: z.boolean().nullable(), created_at: Timestamp })),
}).meta({ id: 'LearnerDrilldown' });

export const QuestionLogQuery = z.object({
  topic_id: Uuid.optional(),
  from: z.string().date().optional().describe('First day (YYYY-MM-DD, UTC)'),
  to: z.string().date().optional().describe('Last day (YYYY-MM-DD, UTC), inclusive'),
  answered: z.enum(['true', 'false']).optional().describe('true: answered from the course; false: refused / not found'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export const QuestionLogEntry = z.object({
  question_id: Uuid, text: z.string(), created_at: Timestamp, user_id: Uuid.nullable(), user_name: z.string().nullable(),
  answered: z.boolean().nullable(), answer_excerpt: z.string().nullable(), topic: TopicRef.nullable(), feedback: Feedback,
  comments: z.array(z.string()),
});
export const QuestionLog = z.object({ items: z.array(QuestionLogEntry), topics: z.array(TopicRef) }).meta({ id: 'QuestionLog' });

export const GapCluster = z.object({
  label: z.string().describe('The words the cluster’s questions share most'),
  terms: z.array(z.string()), learners: z.number().int(), questions: z.number().int(), last_asked_at: Timestamp,
  examples: z.array(z.object({ question_id: Uuid, text: z.string(), created_at: Timestamp })),
});
export const GapReport = z.object({
  unanswered_total: z.number().int(), clusters: z.array(GapCluster),
}).meta({ id: 'GapReport' });

export const ItemStatus = z.enum(['active', 'approved', 'retired']);
export const ItemStats = z.object({
  served: z.number().int(), answered: z.number().int(), correct: z.number().int(),
  p_value: z.number().nullable().describe('Share of first answers that were right'),
  discrimination: z.number().nullable().describe('Point-biserial correlation of the item with the rest of the attempt (≥ 5 answers)'),
  choice_counts: z.array(z.object({ choice: z.string(), count: z.number().int(), is_key: z.boolean() })),
});
export const ReviewItem = z.object({
  item_key: z.string(), status: ItemStatus, is_edited: z.boolean(),
  type: z.string(), tier: z.number().int(), prompt: z.string(), choices: z.array(z.string()), key: z.string(), explanation: z.string(),
  strategy: z.string().nullable(), topic: TopicRef.nullable(),
  passages: z.array(z.object({ chunk_id: Uuid, document_title: z.string(), heading: z.string(), text: z.string() })),
  checks: z.array(z.object({ name: z.string(), passed: z.boolean(), detail: z.string() })),
  stats: ItemStats, last_served_at: Timestamp,
});
export const GateRejection = z.object({ prompt: z.string(), tier: z.number().int(), strategy: z.string().nullable(), reasons: z.array(z.string()), times: z.number().int() });
export const ItemReviewList = z.object({ items: z.array(ReviewItem), rejected: z.array(GateRejection) }).meta({ id: 'ItemReviewList' });
export const ItemListQuery = z.object({ status: ItemStatus.optional() });
export const UpdateItemRequest = z.object({
  status: ItemStatus.optional(),
  prompt: z.string().trim().min(3).max(2000).optional(),
  choices: z.array(z.string().trim().min(1).max(500)).max(8).optional(),
  explanation: z.string().max(4000).optional(),
}).describe('At least one field; an empty body is refused after the role check (a learner learns only 403)');

export const GradePlacement = z.object({
  link_id: Uuid, title: z.string(), widget: z.string(), grade_policy: z.string(), has_line_item: z.boolean(),
  counts: z.object({ queued: z.number().int(), sent: z.number().int(), skipped: z.number().int(), failed: z.number().int() }),
  passbacks: z.array(z.object({
    user_id: Uuid, user_name: z.string().nullable(), status: z.string(), score_given: z.number().nullable(), score_maximum: z.number().nullable(),
    attempt_percent: z.number().nullable().describe('The learner\'s score on the attempt, in percent (what they got, whether or not the LMS received it)'),
    last_error: z.string().nullable(), sent_at: Timestamp.nullable(), updated_at: Timestamp,
  })),
});
export const CourseGrades = z.object({ placements: z.array(GradePlacement) }).meta({ id: 'CourseGrades' });

export const CourseRosterEntry = z.object({
  user_id: Uuid, name: z.string(), email: z.string().nullable(), role: z.enum(['instructor', 'learner']), status: z.string(),
  last_active_at: Timestamp.nullable(), joined_at: Timestamp,
});
export const CourseRoster = z.object({
  items: z.array(CourseRosterEntry),
  lms: z.object({
    last_sync_at: Timestamp.nullable(), last_sync_status: z.string().nullable(), last_sync_error: z.string().nullable(),
    counts: z.record(z.string(), z.number()).nullable(),
  }).nullable(),
}).meta({ id: 'CourseRoster' });

export const ExportQuery = z.object({ kind: z.enum(['mastery', 'grades']).default('mastery') });
export const RenameDocumentRequest = z.object({ title: z.string().trim().min(1).max(300) });
export const DocumentPreview = z.object({
  document_id: Uuid, title: z.string(), status: z.string(),
  sections: z.array(z.object({ heading: z.string(), heading_path: z.array(z.string()), page: z.number().int().nullable(), slide: z.number().int().nullable(), text: z.string() })),
}).meta({ id: 'DocumentPreview' });

/** Wire shapes (snake_case JSON) for the widgets: `import type { CourseAnalyticsWire } from '…/contracts/analytics.js'`. */
export type CourseAnalyticsWire = z.output<typeof CourseAnalytics>;
export type LearnerDrilldownWire = z.output<typeof LearnerDrilldown>;
export type QuestionLogWire = z.output<typeof QuestionLog>;
export type GapReportWire = z.output<typeof GapReport>;
export type ItemReviewListWire = z.output<typeof ItemReviewList>;
export type ReviewItemWire = z.output<typeof ReviewItem>;
export type CourseGradesWire = z.output<typeof CourseGrades>;
export type CourseRosterWire = z.output<typeof CourseRoster>;
export type DocumentPreviewWire = z.output<typeof DocumentPreview>;
/** What the console sends to approve, retire or edit an item (`PATCH …/analytics/items/:itemKey`). */
export type UpdateItemRequestWire = z.input<typeof UpdateItemRequest>;
/** Rename a course document (`PATCH …/analytics/documents/:documentId`). */
export type RenameDocumentRequestWire = z.input<typeof RenameDocumentRequest>;
/** A course document as the Content view lists it (`GET /courses/:id/documents`, one item). */
export type CourseDocumentWire = z.output<typeof DocumentResponse>;
/** `GET /courses/:id/documents`. */
export type CourseDocumentListWire = z.output<ReturnType<typeof list<typeof DocumentResponse>>>;
