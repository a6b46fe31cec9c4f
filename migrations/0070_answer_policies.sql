-- The teacher's answer policy for the Q&A (issue #18): full answers, hints only, or off, for a whole course
-- (link_id null) or one placement (an LTI resource link), with an optional dated window (an exam) during
-- which another mode applies.
CREATE TABLE answer_policies (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id         uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  course_id         uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  link_id           uuid REFERENCES lti_resource_links (id) ON DELETE CASCADE,
  mode              text NOT NULL CHECK (mode IN ('full', 'hints', 'off')),
  window_mode       text CHECK (window_mode IN ('full', 'hints', 'off')),
  window_starts_at  timestamptz,
  window_ends_at    timestamptz,
  updated_by        uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((window_mode IS NULL) = (window_starts_at IS NULL) AND (window_starts_at IS NULL) = (window_ends_at IS NULL)),
  CHECK (window_ends_at IS NULL OR window_ends_at > window_starts_at)
);
CREATE UNIQUE INDEX answer_policies_course_uq ON answer_policies (course_id) WHERE link_id IS NULL;
CREATE UNIQUE INDEX answer_policies_link_uq ON answer_policies (course_id, link_id) WHERE link_id IS NOT NULL;
CREATE INDEX answer_policies_tenant_idx ON answer_policies (tenant_id, course_id);
