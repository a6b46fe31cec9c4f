-- Questions and answers with citations, feedback; quizzes, attempts, mastery.
CREATE TABLE questions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  course_id   uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  user_id     uuid REFERENCES users (id) ON DELETE SET NULL,
  text        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX questions_course_idx ON questions (tenant_id, course_id, created_at DESC);
CREATE INDEX questions_user_idx ON questions (tenant_id, user_id, created_at DESC);

CREATE TABLE answers (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  course_id        uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  question_id      uuid NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
  text             text NOT NULL,
  found            boolean NOT NULL,
  provider         text NOT NULL,
  model            text,
  latency_ms       integer,
  retrieval_stats  jsonb,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX answers_question_idx ON answers (question_id);
CREATE INDEX answers_course_idx ON answers (tenant_id, course_id, created_at DESC);

CREATE TABLE citations (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  answer_id    uuid NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
  marker       integer NOT NULL,
  chunk_id     uuid REFERENCES chunks (id) ON DELETE SET NULL,
  document_id  uuid REFERENCES documents (id) ON DELETE SET NULL,
  score        double precision NOT NULL,
  snippet      text NOT NULL,
  location     jsonb NOT NULL DEFAULT '{}'::jsonb,
  UNIQUE (answer_id, marker)
);

CREATE TABLE answer_feedback (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  answer_id   uuid NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
  user_id     uuid REFERENCES users (id) ON DELETE SET NULL,
  helpful     boolean NOT NULL,
  grounded    boolean NOT NULL,
  comment     text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (answer_id, user_id)
);

CREATE TABLE quizzes (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  course_id      uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  user_id        uuid REFERENCES users (id) ON DELETE SET NULL,
  tier           integer NOT NULL CHECK (tier BETWEEN 1 AND 4),
  topic_id       uuid REFERENCES topics (id) ON DELETE SET NULL,
  status         text NOT NULL DEFAULT 'ready' CHECK (status IN ('queued', 'generating', 'ready', 'failed')),
  num_questions  integer NOT NULL,
  generator      text NOT NULL,
  context        jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quizzes_course_user_idx ON quizzes (tenant_id, course_id, user_id, created_at DESC);

CREATE TABLE quiz_questions (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  quiz_id      uuid NOT NULL REFERENCES quizzes (id) ON DELETE CASCADE,
  position     integer NOT NULL,
  type         text NOT NULL CHECK (type IN ('multiple_choice', 'true_false', 'short_answer')),
  tier         integer NOT NULL CHECK (tier BETWEEN 1 AND 4),
  prompt       text NOT NULL,
  choices      jsonb NOT NULL DEFAULT '[]'::jsonb,
  answer       jsonb NOT NULL,
  explanation  text NOT NULL DEFAULT '',
  topic_id     uuid REFERENCES topics (id) ON DELETE SET NULL,
  chunk_ids    uuid[] NOT NULL DEFAULT '{}',
  UNIQUE (quiz_id, position)
);

CREATE TABLE quiz_attempts (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  course_id    uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  quiz_id      uuid NOT NULL REFERENCES quizzes (id) ON DELETE CASCADE,
  user_id      uuid REFERENCES users (id) ON DELETE SET NULL,
  answers      jsonb NOT NULL,
  results      jsonb NOT NULL,
  score        double precision NOT NULL,
  max_score    double precision NOT NULL,
  tier         integer NOT NULL,
  next_tier    integer NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quiz_attempts_user_idx ON quiz_attempts (tenant_id, course_id, user_id, created_at DESC);
CREATE INDEX quiz_attempts_quiz_idx ON quiz_attempts (quiz_id, created_at DESC);

-- Per-learner, per-topic mastery estimate (topic_id NULL = the course as a whole).
CREATE TABLE mastery (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  course_id    uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  topic_id     uuid REFERENCES topics (id) ON DELETE CASCADE,
  p_mastery    double precision NOT NULL,
  uncertainty  double precision NOT NULL,
  evidence     integer NOT NULL DEFAULT 0,
  state        jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX mastery_key ON mastery (course_id, user_id, COALESCE(topic_id, '00000000-0000-0000-0000-000000000000'::uuid));
CREATE INDEX mastery_tenant_idx ON mastery (tenant_id, course_id, user_id);
