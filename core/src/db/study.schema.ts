import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;

/** A stored note line (snake_case, as in the `study_notes.lines` JSON). */
export interface StoredNoteLine {
  id: string; kind: 'heading' | 'key_point' | 'term'; text: string; term: string | null; definition: string | null;
  chunk_id: string; topic_id: string | null;
}

/**
 * The tables of migration 0080, added to the shared Database type only where study code queries them
 * (`db.withTables<StudyTables>()`), so the feature stays in its own folder.
 */
export type StudyTables = {
  study_notes: {
    id: Generated<string>; tenant_id: string; course_id: string; document_id: string; lines: Json<StoredNoteLine[]>; generator: string;
    edited_by: string | null; edited_at: NullableTimestamp; created_at: Timestamp; updated_at: Timestamp;
  };
  flashcards: {
    id: Generated<string>; tenant_id: string; course_id: string; user_id: string | null; document_id: string | null; topic_id: string | null;
    kind: string; card_key: string | null; front: string; back: string; chunk_ids: ColumnType<string[], string[] | undefined, string[]>;
    source: Json<Record<string, unknown>>; created_at: Timestamp; updated_at: Timestamp;
  };
  flashcard_schedules: {
    tenant_id: string; course_id: string; card_id: string; user_id: string; state: Json<Record<string, unknown>>; due: Timestamp;
    reps: Generated<number>; lapses: Generated<number>; updated_at: Timestamp;
  };
  flashcard_reviews: {
    id: Generated<string>; tenant_id: string; course_id: string; card_id: string; user_id: string; rating: string;
    scheduled_days: number; due: Timestamp; reviewed_at: Timestamp;
  };
};
