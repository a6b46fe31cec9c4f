-- LTI 1.3 runtime state: the ltijs document store (replaces its MongoDB), login states, launch links,
-- per-context service endpoints, and grade passback records.

-- ltijs keeps nine "collections" (idtoken, contexttoken, platform, platformStatus, publickey, privatekey,
-- accesstoken, nonce, state). One table holds them all: `doc` is the plain document (or, for encrypted
-- collections, the index fields plus iv/data), `unique_key` enforces the unique indexes ltijs declares.
CREATE TABLE ltijs_documents (
  id          bigserial PRIMARY KEY,
  collection  text NOT NULL,
  unique_key  text,
  doc         jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ltijs_documents_unique_key ON ltijs_documents (collection, unique_key) WHERE unique_key IS NOT NULL;
CREATE INDEX ltijs_documents_doc_idx ON ltijs_documents USING gin (doc jsonb_path_ops);
CREATE INDEX ltijs_documents_created_idx ON ltijs_documents (collection, created_at);

-- One row per OIDC login we started: the nonce we sent (ltijs never compares it) and how the browser
-- proves it is the one that started the login (a cookie, or the platform's postMessage storage).
CREATE TABLE lti_login_states (
  state            text PRIMARY KEY,
  nonce            text NOT NULL,
  registration_id  uuid NOT NULL REFERENCES lti_registrations (id) ON DELETE CASCADE,
  storage          text NOT NULL CHECK (storage IN ('cookie', 'postmessage')),
  storage_target   text,
  target_link_uri  text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL
);
CREATE INDEX lti_login_states_expiry_idx ON lti_login_states (expires_at);

-- id_token nonces already accepted, kept until the token could no longer be valid (replay protection).
CREATE TABLE lti_used_nonces (
  registration_id  uuid NOT NULL REFERENCES lti_registrations (id) ON DELETE CASCADE,
  nonce            text NOT NULL,
  expires_at       timestamptz NOT NULL,
  PRIMARY KEY (registration_id, nonce)
);

-- `sub` is only unique within a registration: the same LMS user id at two schools is two people.
CREATE TABLE lti_user_links (
  registration_id  uuid NOT NULL REFERENCES lti_registrations (id) ON DELETE CASCADE,
  sub              text NOT NULL,
  tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  first_launch_at  timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (registration_id, sub)
);
CREATE INDEX lti_user_links_user_idx ON lti_user_links (tenant_id, user_id);

-- Per course (LTI context): where the platform's services live, and the last roster sync.
CREATE TABLE lti_contexts (
  course_id             uuid PRIMARY KEY REFERENCES courses (id) ON DELETE CASCADE,
  tenant_id             uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  registration_id       uuid NOT NULL REFERENCES lti_registrations (id) ON DELETE CASCADE,
  deployment_id         text NOT NULL,
  context_id            text NOT NULL,
  memberships_url       text,
  lineitems_url         text,
  ags_scopes            text[] NOT NULL DEFAULT '{}',
  last_sync_at          timestamptz,
  last_sync_status      text CHECK (last_sync_status IN ('succeeded', 'failed')),
  last_sync_error       text,
  last_sync_counts      jsonb,
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lti_contexts_tenant_idx ON lti_contexts (tenant_id);

-- A placed link (resource link) and what it opens; settings come from the deep-linking choice.
CREATE TABLE lti_resource_links (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id         uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  course_id         uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  registration_id   uuid NOT NULL REFERENCES lti_registrations (id) ON DELETE CASCADE,
  resource_link_id  text NOT NULL,
  title             text NOT NULL DEFAULT '',
  widget            text NOT NULL CHECK (widget IN ('ask', 'quiz', 'mastery', 'flashcards')),
  settings          jsonb NOT NULL DEFAULT '{}'::jsonb,
  line_item_url     text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (registration_id, resource_link_id)
);
CREATE INDEX lti_resource_links_course_idx ON lti_resource_links (tenant_id, course_id);

-- One grade passback per quiz attempt (idempotency key), with what was sent and how it went.
CREATE TABLE lti_score_passbacks (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id         uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  course_id         uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  link_id           uuid NOT NULL REFERENCES lti_resource_links (id) ON DELETE CASCADE,
  attempt_id        uuid NOT NULL UNIQUE REFERENCES quiz_attempts (id) ON DELETE CASCADE,
  user_id           uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  status            text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'skipped', 'failed')),
  score_given       double precision,
  score_maximum     double precision,
  job_id            uuid,
  last_error        text,
  sent_at           timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lti_score_passbacks_course_idx ON lti_score_passbacks (tenant_id, course_id, created_at DESC);
