-- Foreign keys whose referencing column had no index: every delete of a document (or a chunk, a topic) made
-- Postgres scan the whole referencing table once per deleted row. Deleting a 1,190-chunk document spent 16 of its
-- ~20 s in the citations_chunk_id_fkey trigger (issue #20).
CREATE INDEX IF NOT EXISTS citations_chunk_idx ON citations (chunk_id);
CREATE INDEX IF NOT EXISTS citations_document_idx ON citations (document_id);
CREATE INDEX IF NOT EXISTS chunks_topic_idx ON chunks (topic_id);
CREATE INDEX IF NOT EXISTS quiz_questions_topic_idx ON quiz_questions (topic_id);
CREATE INDEX IF NOT EXISTS mastery_topic_idx ON mastery (topic_id);
