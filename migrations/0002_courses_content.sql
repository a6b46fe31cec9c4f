-- Courses, documents, topics, chunks, per-model embeddings and the jobs state machine.
CREATE TABLE courses (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  description      text NOT NULL DEFAULT '',
  lti_context_id   text,
  lti_registration_id uuid,
  created_by       uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX courses_tenant_idx ON courses (tenant_id, created_at DESC);
CREATE UNIQUE INDEX courses_lti_context_key ON courses (tenant_id, lti_registration_id, lti_context_id)
  WHERE lti_context_id IS NOT NULL;

CREATE TABLE course_members (
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  course_id   uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role        text NOT NULL CHECK (role IN ('instructor', 'learner')),
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'pending', 'deactivated')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (course_id, user_id)
);
CREATE INDEX course_members_user_idx ON course_members (tenant_id, user_id);

CREATE TABLE documents (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  course_id        uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  title            text NOT NULL,
  format           text NOT NULL CHECK (format IN ('markdown', 'text', 'html', 'pdf', 'docx', 'pptx')),
  media_type       text NOT NULL,
  file_name        text,
  byte_size        bigint NOT NULL DEFAULT 0,
  sha256           text,
  storage_key      text,
  status           text NOT NULL DEFAULT 'queued',
  page_count       integer,
  chunk_count      integer NOT NULL DEFAULT 0,
  embedding_model  text,
  indexed_at       timestamptz,
  created_by       uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_course_idx ON documents (tenant_id, course_id, created_at DESC);

-- A topic is a section of a course (a document heading to begin with); chunks and quiz questions point at one.
CREATE TABLE topics (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  course_id    uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  document_id  uuid REFERENCES documents (id) ON DELETE CASCADE,
  title        text NOT NULL,
  position     integer NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX topics_course_idx ON topics (tenant_id, course_id);
CREATE INDEX topics_document_idx ON topics (document_id);

CREATE TABLE chunks (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  course_id     uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  document_id   uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  topic_id      uuid REFERENCES topics (id) ON DELETE SET NULL,
  chunk_index   integer NOT NULL,
  content       text NOT NULL,
  heading_path  text[] NOT NULL DEFAULT '{}',
  heading       text NOT NULL DEFAULT '',
  page          integer,
  slide         integer,
  char_start    integer NOT NULL,
  char_end      integer NOT NULL,
  tsv           tsvector GENERATED ALWAYS AS (
                  setweight(to_tsvector('english', heading), 'B') || setweight(to_tsvector('english', content), 'A')
                ) STORED,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (document_id, chunk_index)
);
CREATE INDEX chunks_course_idx ON chunks (tenant_id, course_id);
CREATE INDEX chunks_tsv_idx ON chunks USING gin (tsv);

-- Embeddings live beside chunks, one row per (chunk, model). The column has no fixed dimension, so a new
-- model needs no schema change; each model gets a partial expression index cast to its dimension
-- (created by ensureEmbeddingIndex at start-up), and a b-tree for the exact course-filtered scan.
CREATE TABLE chunk_embeddings (
  chunk_id    uuid NOT NULL REFERENCES chunks (id) ON DELETE CASCADE,
  model       text NOT NULL,
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  course_id   uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  dims        integer NOT NULL CHECK (dims > 0),
  embedding   vector NOT NULL,
  PRIMARY KEY (chunk_id, model)
);
CREATE INDEX chunk_embeddings_course_idx ON chunk_embeddings (tenant_id, course_id, model);

CREATE TABLE embedding_models (
  model       text PRIMARY KEY,
  dims        integer NOT NULL CHECK (dims > 0),
  index_name  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- The state machine every job kind follows; this row is what the API and the UI show.
CREATE TABLE jobs (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  kind           text NOT NULL,
  target_type    text NOT NULL,
  target_id      uuid NOT NULL,
  status         text NOT NULL DEFAULT 'queued' CHECK (status IN (
                   'queued', 'running:parsing', 'running:chunking', 'running:embedding', 'running:indexing', 'running',
                   'succeeded', 'failed', 'retry_scheduled', 'dead_lettered', 'stalled', 'cancelled')),
  attempts       integer NOT NULL DEFAULT 0,
  max_attempts   integer NOT NULL DEFAULT 5,
  last_error     text,
  error_code     text,
  next_retry_at  timestamptz,
  cancel_requested boolean NOT NULL DEFAULT false,
  payload        jsonb NOT NULL DEFAULT '{}'::jsonb,
  result         jsonb,
  worker_id      text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  started_at     timestamptz,
  finished_at    timestamptz
);
CREATE INDEX jobs_target_idx ON jobs (target_type, target_id, created_at DESC);
CREATE INDEX jobs_tenant_status_idx ON jobs (tenant_id, status);
CREATE INDEX jobs_due_idx ON jobs (status, next_retry_at) WHERE status IN ('queued', 'retry_scheduled', 'stalled');
