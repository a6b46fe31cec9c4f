-- Learner question history (issue #18): a learner lists, reopens and deletes their own questions in a course,
-- newest first. Questions, answers and citations are already stored with every answer; this index serves the
-- per-learner, per-course listing without scanning the course's whole log.
CREATE INDEX IF NOT EXISTS questions_learner_history_idx ON questions (tenant_id, course_id, user_id, created_at DESC, id DESC);
