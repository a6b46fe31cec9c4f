-- The teacher's review of a generated quiz item. Items are generated per quiz, so an item is known by its key:
-- a hash of its normalised prompt within the course. 'retired' items are never served again (create-quiz filters
-- them out); 'approved' marks an item the teacher checked; an edit replaces what later quizzes show for it.
CREATE TABLE quiz_item_reviews (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  course_id    uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  item_key     text NOT NULL,
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'approved', 'retired')),
  -- The teacher's edit (null = as generated): { prompt, choices, explanation }; its prompt's key is kept too,
  -- so quiz questions that carry the edited text are counted under the original item.
  edit         jsonb,
  edited_key   text,
  reviewed_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (course_id, item_key)
);
CREATE INDEX quiz_item_reviews_tenant_idx ON quiz_item_reviews (tenant_id, course_id, status);
