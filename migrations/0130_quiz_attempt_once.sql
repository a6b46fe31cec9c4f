-- Issue #15 finding 10 (grade integrity): a quiz is one served set of items and is submitted once. A second
-- submission (a replay of revealed keys, a retry, a concurrent double submit) is refused by the use case; this
-- index makes the database refuse it too. Quizzes re-attempted before this rule keep their later attempts,
-- marked as re-attempts so they stay visible without breaking the rule for the first one.
ALTER TABLE quiz_attempts ADD COLUMN is_reattempt boolean NOT NULL DEFAULT false;

UPDATE quiz_attempts AS later SET is_reattempt = true
WHERE EXISTS (
  SELECT 1 FROM quiz_attempts AS earlier
  WHERE earlier.quiz_id = later.quiz_id AND (earlier.created_at, earlier.id) < (later.created_at, later.id)
);

CREATE UNIQUE INDEX quiz_attempts_one_submission ON quiz_attempts (quiz_id) WHERE NOT is_reattempt;
