-- Dynamic-registration links (issue #15): a link a tenant admin pastes into the LMS is single use, expires
-- within hours, can be revoked and is listed in the console. The signed token carries this row's id; the
-- row decides whether it still works.
CREATE TABLE lti_registration_links (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  created_by       uuid REFERENCES users (id) ON DELETE SET NULL,
  expires_at       timestamptz NOT NULL,
  used_at          timestamptz,
  revoked_at       timestamptz,
  registration_id  uuid REFERENCES lti_registrations (id) ON DELETE SET NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lti_registration_links_tenant_idx ON lti_registration_links (tenant_id, created_at DESC);
