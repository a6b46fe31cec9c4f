-- A per-course generation bumped by every INSERT or DELETE statement on the course's chunks (issue #20): what
-- caches of course-wide derived data (the spelling vocabulary) compare against, instead of counting the chunks
-- on every question.
ALTER TABLE course_chunk_stats ADD COLUMN generation bigint NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION course_stats_chunks_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO course_chunk_stats AS s (course_id, chunks, generation)
    SELECT course_id, count(*), 1 FROM new_rows GROUP BY course_id ORDER BY course_id
    ON CONFLICT (course_id) DO UPDATE SET chunks = s.chunks + excluded.chunks, generation = s.generation + 1;
  -- Sorted, so two ingestions into one course take the lexeme rows' locks in the same order.
  INSERT INTO course_lexemes AS l (course_id, lexeme, chunks)
    SELECT n.course_id, t.lexeme, count(*) FROM new_rows n, unnest(n.tsv) t GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (course_id, lexeme) DO UPDATE SET chunks = l.chunks + excluded.chunks;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION course_stats_chunks_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE course_chunk_stats s SET chunks = greatest(0, s.chunks - d.n), generation = s.generation + 1
    FROM (SELECT course_id, count(*) AS n FROM old_rows GROUP BY course_id) d WHERE s.course_id = d.course_id;
  UPDATE course_lexemes l SET chunks = greatest(0, l.chunks - d.n)
    FROM (SELECT o.course_id, t.lexeme, count(*) AS n FROM old_rows o, unnest(o.tsv) t GROUP BY 1, 2) d
    WHERE l.course_id = d.course_id AND l.lexeme = d.lexeme;
  RETURN NULL;
END $$;
