-- Deleting a document cascades chunks → chunk_embeddings one DELETE per chunk (that is how Postgres runs ON DELETE
-- CASCADE), so a statement trigger on chunk_embeddings ran once per chunk: 1,190 single-row updates of one counter
-- row for a 1,190-chunk document (issue #20). Now an embedding delete whose chunk is already gone (a cascade) is
-- left to the chunk delete's own statement trigger, which recounts the affected courses' vectors once per statement
-- through chunk_embeddings_course_idx. Direct deletes of embeddings (chunk still there) still decrement.
CREATE OR REPLACE FUNCTION course_stats_vectors_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM old_rows o JOIN chunks c ON c.id = o.chunk_id) THEN RETURN NULL; END IF;
  UPDATE course_vector_counts v SET vectors = greatest(0, v.vectors - d.n)
    FROM (SELECT o.course_id, o.model, count(*) AS n FROM old_rows o JOIN chunks c ON c.id = o.chunk_id GROUP BY 1, 2) d
    WHERE v.course_id = d.course_id AND v.model = d.model;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION course_stats_chunks_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
  UPDATE course_chunk_stats s SET chunks = greatest(0, s.chunks - d.n), generation = s.generation + 1
    FROM (SELECT course_id, count(*) AS n FROM old_rows GROUP BY course_id) d WHERE s.course_id = d.course_id;
  UPDATE course_lexemes l SET chunks = greatest(0, l.chunks - d.n)
    FROM (SELECT o.course_id, t.lexeme, count(*) AS n FROM old_rows o, unnest(o.tsv) t GROUP BY 1, 2) d
    WHERE l.course_id = d.course_id AND l.lexeme = d.lexeme;
  -- The cascaded embedding deletes ran before this statement trigger: recount the courses' vectors once.
  UPDATE course_vector_counts v SET vectors = (
      SELECT count(*) FROM chunk_embeddings e WHERE e.tenant_id = c.tenant_id AND e.course_id = v.course_id AND e.model = v.model)
    FROM (SELECT DISTINCT tenant_id, course_id FROM old_rows) c WHERE v.course_id = c.course_id;
  RETURN NULL;
END $$;
