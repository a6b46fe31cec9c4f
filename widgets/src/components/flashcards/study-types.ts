/**
 * The study API's JSON shapes as the widgets read them (snake_case, as on the wire). The server's zod contracts
 * in `core/src/contracts/study.ts` are the source of truth; these mirror only the fields the widgets use.
 */
export interface FlashcardCitation { chunk_id: string; document_id: string; document_title: string; heading: string }

/** One card of `GET /courses/:id/study-queue`. */
export interface QueuedFlashcard {
  id: string; kind: string; front: string; back: string; is_own: boolean; reason: 'due' | 'weak_topic' | 'new';
  topic: { id: string; title: string } | null; citations: FlashcardCitation[];
  schedule: { state: string; due_at: string | null; reps: number; lapses: number };
}

/** `GET /courses/:id/study-queue`. */
export interface StudyQueueResponse {
  items: QueuedFlashcard[]; due_count: number; new_count: number; new_allowance: number;
  weak_topics: { topic_id: string; title: string; mastery: number }[];
}

/** `POST /flashcards/:id/reviews`. */
export interface FlashcardReviewResponse { card_id: string; rating: string; due_at: string; interval_days: number }

/** One line of study notes. */
export interface StudyNoteLine {
  id: string; kind: 'heading' | 'key_point' | 'term'; text: string; term: string | null; definition: string | null;
  topic_id: string | null; supported: boolean;
  citation: { chunk_id: string; document_id: string; document_title: string; heading: string; snippet: string } | null;
}

/** One document's notes. */
export interface StudyNotesDocument { document_id: string; document_title: string; edited_at: string | null; lines: StudyNoteLine[] }
