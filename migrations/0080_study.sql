-- Study notes per document (an outline whose every line cites a chunk) and flashcards with FSRS schedules.
CREATE TABLE study_notes (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  course_id    uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  document_id  uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  -- [{ id, kind: heading|key_point|term, text, term, definition, chunk_id, topic_id }]
  lines        jsonb NOT NULL DEFAULT '[]'::jsonb,
  generator    text NOT NULL,
  edited_by    uuid REFERENCES users (id) ON DELETE SET NULL,
  edited_at    timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (document_id)
);
CREATE INDEX study_notes_course_idx ON study_notes (tenant_id, course_id);

-- A card of the course (user_id NULL, generated from the text, card_key stable across re-indexing) or of one
-- learner (added from an answer or a missed quiz question).
CREATE TABLE flashcards (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  course_id    uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  user_id      uuid REFERENCES users (id) ON DELETE CASCADE,
  document_id  uuid REFERENCES documents (id) ON DELETE CASCADE,
  topic_id     uuid REFERENCES topics (id) ON DELETE SET NULL,
  kind         text NOT NULL CHECK (kind IN ('term', 'definition', 'cause_effect', 'example', 'answer', 'missed_question')),
  card_key     text,
  front        text NOT NULL,
  back         text NOT NULL,
  chunk_ids    uuid[] NOT NULL DEFAULT '{}',
  source       jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX flashcards_key ON flashcards (course_id, card_key) WHERE card_key IS NOT NULL;
CREATE INDEX flashcards_course_idx ON flashcards (tenant_id, course_id, user_id);

-- FSRS memory state per learner and card (absent = a new card).
CREATE TABLE flashcard_schedules (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  course_id    uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  card_id      uuid NOT NULL REFERENCES flashcards (id) ON DELETE CASCADE,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  state        jsonb NOT NULL,
  due          timestamptz NOT NULL,
  reps         integer NOT NULL DEFAULT 0,
  lapses       integer NOT NULL DEFAULT 0,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (card_id, user_id)
);
CREATE INDEX flashcard_schedules_due_idx ON flashcard_schedules (tenant_id, course_id, user_id, due);

-- Every review, so schedules can be recomputed (e.g. with fitted FSRS parameters).
CREATE TABLE flashcard_reviews (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  course_id       uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  card_id         uuid NOT NULL REFERENCES flashcards (id) ON DELETE CASCADE,
  user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  rating          text NOT NULL CHECK (rating IN ('again', 'hard', 'good', 'easy')),
  scheduled_days  double precision NOT NULL,
  due             timestamptz NOT NULL,
  reviewed_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX flashcard_reviews_user_idx ON flashcard_reviews (tenant_id, course_id, user_id, reviewed_at DESC);
