import { z } from 'zod';
import { Timestamp, Uuid } from './common.js';

const TierSchema = z.number().int().min(1).max(4);
const TopicRef = z.object({ id: Uuid, title: z.string() }).nullable();

export const CreateQuizRequest = z.object({
  num_questions: z.number().int().min(1).max(20).default(5),
  topic_id: Uuid.optional().describe('Only questions about this topic (a course section)'),
});

export const QuizQuestion = z.object({
  id: Uuid, position: z.number().int(), type: z.enum(['multiple_choice', 'true_false', 'short_answer']), tier: TierSchema,
  prompt: z.string(), choices: z.array(z.string()), topic: TopicRef,
}).meta({ id: 'QuizQuestion' });

/** A quiz as learners see it: questions without answers. */
export const Quiz = z.object({
  id: Uuid, course_id: Uuid, tier: TierSchema, status: z.enum(['queued', 'generating', 'ready', 'failed']),
  topic: TopicRef, generator: z.string(), num_questions: z.number().int(), created_at: Timestamp,
  questions: z.array(QuizQuestion),
}).meta({ id: 'Quiz' });

export const SubmitAttemptRequest = z.object({
  answers: z.array(z.object({
    question_id: Uuid,
    answer: z.union([z.string().max(2000), z.number().int(), z.boolean(), z.null()])
      .describe('Choice index (or its text) for multiple choice, true/false, free text for short answer'),
  })).max(100),
});

export const AttemptCitation = z.object({
  chunk_id: Uuid, document_id: Uuid, document_title: z.string(), snippet: z.string(),
  location: z.object({ heading: z.string(), heading_path: z.array(z.string()), page: z.number().nullable(), slide: z.number().nullable() }),
}).meta({ id: 'AttemptCitation' });

export const TopicMastery = z.object({
  topic_id: Uuid, title: z.string(), mastery: z.number().min(0).max(100), uncertainty: z.number().min(0),
  p_mastered: z.number().min(0).max(1), evidence: z.number().int(),
}).meta({ id: 'TopicMastery' });

export const AttemptResult = z.object({
  attempt_id: Uuid, quiz_id: Uuid, score: z.number(), max_score: z.number(), percent: z.number(),
  results: z.array(z.object({
    question_id: Uuid, correct: z.boolean(), given: z.union([z.string(), z.number(), z.boolean(), z.null()]),
    correct_answer: z.string(), explanation: z.string(), citations: z.array(AttemptCitation),
  })),
  weak_topics: z.array(z.object({ topic_id: Uuid, title: z.string(), correct: z.number().int(), total: z.number().int() })),
  mastery: z.object({
    course: z.number().min(0).max(100), uncertainty: z.number().min(0), p_mastered: z.number().min(0).max(1),
    topics: z.array(TopicMastery),
  }),
  tier: TierSchema, next_tier: TierSchema, created_at: Timestamp,
}).meta({ id: 'AttemptResult' });

/** A past attempt in full (GET /attempts/:id): each question with the answer given, the key and the explanation. */
export const AttemptDetail = z.object({
  attempt_id: Uuid, quiz_id: Uuid, score: z.number(), max_score: z.number(), percent: z.number(),
  results: z.array(z.object({
    question_id: Uuid, prompt: z.string(), choices: z.array(z.string()), correct: z.boolean(),
    given: z.union([z.string(), z.number(), z.boolean(), z.null()]), correct_answer: z.string(), explanation: z.string(),
    citations: z.array(AttemptCitation),
  })),
  weak_topics: z.array(z.object({ topic_id: Uuid, title: z.string(), correct: z.number().int(), total: z.number().int() })),
  tier: TierSchema, next_tier: TierSchema, created_at: Timestamp,
}).meta({ id: 'AttemptDetail' });

export const AttemptSummary = z.object({
  id: Uuid, quiz_id: Uuid, course_id: Uuid, user_id: Uuid.nullable(), score: z.number(), max_score: z.number(),
  percent: z.number(), tier: TierSchema, next_tier: TierSchema, created_at: Timestamp,
}).meta({ id: 'AttemptSummary' });

export const CourseAttemptsQuery = z.object({
  user: z.union([z.literal('me'), Uuid]).default('me').describe('"me", or a learner id (instructors)'),
});

export const Performance = z.object({
  course_id: Uuid, user_id: Uuid, mastery: z.number().min(0).max(100), uncertainty: z.number().min(0),
  p_mastered: z.number().min(0).max(1), evidence: z.number().int(), tier: TierSchema,
  topics: z.array(TopicMastery), recent_attempts: z.array(AttemptSummary),
  recent_questions: z.array(z.object({ id: Uuid, text: z.string(), created_at: Timestamp })),
}).meta({ id: 'Performance' });

/** Wire shapes (snake_case JSON) for the widgets (`import type`): the quiz runner and mastery meter read these. */
export type QuizQuestionWire = z.output<typeof QuizQuestion>;
export type QuizWire = z.output<typeof Quiz>;
export type TopicMasteryWire = z.output<typeof TopicMastery>;
export type AttemptResultWire = z.output<typeof AttemptResult>;
export type AttemptDetailWire = z.output<typeof AttemptDetail>;
export type AttemptSummaryWire = z.output<typeof AttemptSummary>;
export type PerformanceWire = z.output<typeof Performance>;
