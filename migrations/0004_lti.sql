-- LTI 1.3 registrations and deployments. A registration is (issuer, client_id) and belongs to one tenant:
-- hosted Canvas shares one issuer across all schools, so the issuer alone never names a tenant.
CREATE TABLE lti_registrations (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name            text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('canvas', 'moodle', 'other')),
  issuer          text NOT NULL,
  client_id       text NOT NULL,
  auth_login_url  text NOT NULL,
  auth_token_url  text NOT NULL,
  keyset_url      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (issuer, client_id)
);
CREATE INDEX lti_registrations_tenant_idx ON lti_registrations (tenant_id);

CREATE TABLE lti_deployments (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  registration_id  uuid NOT NULL REFERENCES lti_registrations (id) ON DELETE CASCADE,
  deployment_id    text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (registration_id, deployment_id)
);
CREATE INDEX lti_deployments_tenant_idx ON lti_deployments (tenant_id);

ALTER TABLE courses ADD CONSTRAINT courses_lti_registration_fk
  FOREIGN KEY (lti_registration_id) REFERENCES lti_registrations (id) ON DELETE SET NULL;
