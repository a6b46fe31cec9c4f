import { z } from 'zod';
import { Timestamp, Uuid } from './common.js';

export const NoteLineKindSchema = z.enum(['heading', 'key_point', 'term']);

/** A passage a note line cites: enough to show it and to deep-link to the document. */
export const NoteCitation = z.object({
  chunk_id: Uuid, document_id: Uuid, document_title: z.string(), heading: z.string(), snippet: z.string(),
}).meta({ id: 'NoteCitation' });

export const StudyNoteLine = z.object({
  id: z.string(), kind: NoteLineKindSchema, text: z.string(), term: z.string().nullable(), definition: z.string().nullable(),
  topic_id: Uuid.nullable(), supported: z.boolean().describe('Whether the cited passage supports the line (checked automatically)'),
  citation: NoteCitation.nullable(),
}).meta({ id: 'NoteLine' });

/** One document's study notes: an outline whose every line cites a passage. */
export const StudyNotes = z.object({
  document_id: Uuid, document_title: z.string(), generator: z.string(), edited_at: Timestamp.nullable(), updated_at: Timestamp,
  lines: z.array(StudyNoteLine),
}).meta({ id: 'StudyNotes' });

export const TopicNotes = z.object({
  topic: z.object({ id: Uuid, title: z.string(), course_id: Uuid }), notes: z.array(StudyNotes),
}).meta({ id: 'TopicNotes' });

export const UpdateStudyNotesRequest = z.object({
  lines: z.array(z.object({
    kind: NoteLineKindSchema, text: z.string().trim().min(1).max(2000), term: z.string().max(200).nullable().optional(),
    definition: z.string().max(2000).nullable().optional(), chunk_id: Uuid.describe('The passage the line cites (a chunk of the course)'),
  })).max(1000),
});

export const FlashcardKindSchema = z.enum(['term', 'definition', 'cause_effect', 'example', 'answer', 'missed_question']);
export const ReviewRatingSchema = z.enum(['again', 'hard', 'good', 'easy']);

export const Flashcard = z.object({
  id: Uuid, course_id: Uuid, kind: FlashcardKindSchema, front: z.string(), back: z.string(), is_own: z.boolean(),
  topic: z.object({ id: Uuid, title: z.string() }).nullable(),
  citations: z.array(z.object({ chunk_id: Uuid, document_id: Uuid, document_title: z.string(), heading: z.string() })),
  schedule: z.object({
    state: z.enum(['new', 'learning', 'review', 'relearning']), due_at: Timestamp.nullable(), reps: z.number().int(), lapses: z.number().int(),
  }),
}).meta({ id: 'Flashcard' });

export const CardFromAttemptRequest = z.object({ question_id: Uuid.describe('A question of the attempt that was answered wrong') });

export const ReviewFlashcardRequest = z.object({ rating: ReviewRatingSchema.describe('FSRS rating: again | hard | good | easy') });

export const FlashcardReview = z.object({
  card_id: Uuid, rating: ReviewRatingSchema, reviewed_at: Timestamp, due_at: Timestamp, interval_days: z.number(),
  schedule: z.object({
    state: z.enum(['new', 'learning', 'review', 'relearning']), reps: z.number().int(), lapses: z.number().int(),
    stability: z.number(), difficulty: z.number(),
  }),
  topic_mastery: z.object({ topic_id: Uuid, mastery: z.number().min(0).max(100), evidence: z.number() }).nullable(),
}).meta({ id: 'FlashcardReview' });

export const StudyQueueQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) });

export const StudyQueue = z.object({
  course_id: Uuid, generated_at: Timestamp,
  items: z.array(Flashcard.extend({ reason: z.enum(['due', 'weak_topic', 'new']) })),
  due_count: z.number().int(), new_count: z.number().int(), new_allowance: z.number().int(),
  weak_topics: z.array(z.object({ topic_id: Uuid, title: z.string(), mastery: z.number() })),
}).meta({ id: 'StudyQueue' });

/** Wire shapes (snake_case JSON) for the widgets (`import type`): flashcards and study notes read these. */
export type StudyQueueWire = z.output<typeof StudyQueue>;
export type FlashcardReviewWire = z.output<typeof FlashcardReview>;
export type StudyNotesWire = z.output<typeof StudyNotes>;
export type StudyNoteLineWire = z.output<typeof StudyNoteLine>;
export type TopicNotesWire = z.output<typeof TopicNotes>;
