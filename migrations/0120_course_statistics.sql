-- Query cost that stays flat as courses grow (issue #20): per-course statistics kept up to date by the writes
-- themselves (statement-level triggers with transition tables, one aggregated upsert per INSERT/DELETE statement),
-- so a query never counts rows; and each chunk's stemmed terms stored once at ingest.

-- Vectors per course and model: the vector leg's completeness bound and its exact-scan/HNSW choice.
CREATE TABLE course_vector_counts (
  course_id  uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  model      text NOT NULL,
  vectors    bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (course_id, model)
);

-- Chunks per course.
CREATE TABLE course_chunk_stats (
  course_id  uuid PRIMARY KEY REFERENCES courses (id) ON DELETE CASCADE,
  chunks     bigint NOT NULL DEFAULT 0
);

-- In how many chunks of the course each lexeme of `chunks.tsv` occurs: the lexical leg's rare-term weighting and
-- its bounded candidate set (rows whose count falls to 0 stay; they weigh nothing).
CREATE TABLE course_lexemes (
  course_id  uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  lexeme     text NOT NULL,
  chunks     integer NOT NULL,
  PRIMARY KEY (course_id, lexeme)
);

-- The chunk's content terms (heading + content, tokenised, stop words dropped, stemmed by core's text analysis),
-- written at ingest so the reranker does not re-tokenise retrieved text on every request. NULL for rows written
-- before this migration (read paths then compute them).
ALTER TABLE chunks ADD COLUMN terms text[];

CREATE FUNCTION course_stats_chunks_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO course_chunk_stats AS s (course_id, chunks)
    SELECT course_id, count(*) FROM new_rows GROUP BY course_id ORDER BY course_id
    ON CONFLICT (course_id) DO UPDATE SET chunks = s.chunks + excluded.chunks;
  -- Sorted, so two ingestions into one course take the lexeme rows' locks in the same order.
  INSERT INTO course_lexemes AS l (course_id, lexeme, chunks)
    SELECT n.course_id, t.lexeme, count(*) FROM new_rows n, unnest(n.tsv) t GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (course_id, lexeme) DO UPDATE SET chunks = l.chunks + excluded.chunks;
  RETURN NULL;
END $$;

CREATE FUNCTION course_stats_chunks_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE course_chunk_stats s SET chunks = greatest(0, s.chunks - d.n)
    FROM (SELECT course_id, count(*) AS n FROM old_rows GROUP BY course_id) d WHERE s.course_id = d.course_id;
  UPDATE course_lexemes l SET chunks = greatest(0, l.chunks - d.n)
    FROM (SELECT o.course_id, t.lexeme, count(*) AS n FROM old_rows o, unnest(o.tsv) t GROUP BY 1, 2) d
    WHERE l.course_id = d.course_id AND l.lexeme = d.lexeme;
  RETURN NULL;
END $$;

CREATE FUNCTION course_stats_vectors_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO course_vector_counts AS v (course_id, model, vectors)
    SELECT course_id, model, count(*) FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (course_id, model) DO UPDATE SET vectors = v.vectors + excluded.vectors;
  RETURN NULL;
END $$;

CREATE FUNCTION course_stats_vectors_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE course_vector_counts v SET vectors = greatest(0, v.vectors - d.n)
    FROM (SELECT course_id, model, count(*) AS n FROM old_rows GROUP BY 1, 2) d
    WHERE v.course_id = d.course_id AND v.model = d.model;
  RETURN NULL;
END $$;

CREATE TRIGGER chunks_course_stats_insert AFTER INSERT ON chunks
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION course_stats_chunks_inserted();
CREATE TRIGGER chunks_course_stats_delete AFTER DELETE ON chunks
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION course_stats_chunks_deleted();
CREATE TRIGGER chunk_embeddings_course_stats_insert AFTER INSERT ON chunk_embeddings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION course_stats_vectors_inserted();
CREATE TRIGGER chunk_embeddings_course_stats_delete AFTER DELETE ON chunk_embeddings
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION course_stats_vectors_deleted();

-- Rows already there.
INSERT INTO course_chunk_stats (course_id, chunks) SELECT course_id, count(*) FROM chunks GROUP BY course_id;
INSERT INTO course_lexemes (course_id, lexeme, chunks)
  SELECT c.course_id, t.lexeme, count(*) FROM chunks c, unnest(c.tsv) t GROUP BY 1, 2;
INSERT INTO course_vector_counts (course_id, model, vectors) SELECT course_id, model, count(*) FROM chunk_embeddings GROUP BY 1, 2;
