-- HNSW maintenance only where it pays (issue #20). Inserting a vector into an HNSW graph costs milliseconds; a
-- course of at most 5,000 vectors is searched by exact scan (at that size the scan costs about what an HNSW search
-- does, and it is complete), so its vectors gained nothing from being in the graph. Now a vector enters the per-model HNSW index only when its course is searched through it:
--   * `chunk_embeddings.in_hnsw` is part of the per-model partial index's predicate (`model = '…' AND in_hnsw`);
--   * `course_vector_counts.hnsw` marks a course whose vectors are in the index (set by the application once the
--     course passes the exact-scan size: core/src/domain/ingestion/chunks.repository.ts, syncCourseVectorIndex);
--   * a vector inserted into a course already marked enters the index at insert (trigger below).
-- The query side searches a course through the index only when the course is marked (retrieval.repository.ts).

ALTER TABLE chunk_embeddings ADD COLUMN in_hnsw boolean NOT NULL DEFAULT false;
ALTER TABLE course_vector_counts ADD COLUMN hnsw boolean NOT NULL DEFAULT false;

-- The vectors of a course still to be moved into the index: what the sweep reads, so it costs what is left to move.
CREATE INDEX chunk_embeddings_outside_hnsw_idx ON chunk_embeddings (course_id, model) WHERE NOT in_hnsw;

CREATE FUNCTION chunk_embeddings_hnsw_membership() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT NEW.in_hnsw THEN
    NEW.in_hnsw := coalesce((SELECT v.hnsw FROM course_vector_counts v WHERE v.course_id = NEW.course_id AND v.model = NEW.model), false);
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER chunk_embeddings_hnsw_membership BEFORE INSERT ON chunk_embeddings
  FOR EACH ROW EXECUTE FUNCTION chunk_embeddings_hnsw_membership();

-- Existing installations: courses already past the exact-scan size (5,000, EXACT_SCAN_MAX_VECTORS in
-- chunks.repository.ts) are searched through the index, rebuilt below from their vectors only.
UPDATE course_vector_counts SET hnsw = true WHERE vectors > 5000;

DO $$
DECLARE m record;
BEGIN
  FOR m IN SELECT model, dims, index_name FROM embedding_models LOOP
    EXECUTE format('DROP INDEX IF EXISTS %I', m.index_name);
  END LOOP;
  UPDATE chunk_embeddings e SET in_hnsw = true
    FROM course_vector_counts v WHERE v.hnsw AND e.course_id = v.course_id AND e.model = v.model;
  FOR m IN SELECT model, dims, index_name FROM embedding_models LOOP
    EXECUTE format('CREATE INDEX %I ON chunk_embeddings USING hnsw ((embedding::vector(%s)) vector_cosine_ops) WHERE model = %L AND in_hnsw',
      m.index_name, m.dims, m.model);
  END LOOP;
END $$;
