-- Issue 21: OIDC sign-in, invite links that can be copied again, and per-tenant API keys for embedding.

-- The OIDC client secret, sealed with AES-256-GCM under LTI_KEY ({iv, tag, data} as JSON); never sent back.
ALTER TABLE sso_connections ADD COLUMN client_secret_sealed text;

-- The invite's current link token, sealed the same way, so an admin can copy the link again after a reload
-- or a resend. Lookups still go through token_hash; this column is only opened for admins of the tenant.
ALTER TABLE invites ADD COLUMN token_sealed text;

-- Which IdP account (issuer + subject) is which user: a second sign-in finds the user even if the email changed.
CREATE TABLE user_identities (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  issuer      text NOT NULL,
  subject     text NOT NULL,
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (issuer, subject)
);
CREATE INDEX user_identities_user_idx ON user_identities (user_id);

-- One row per sign-in in flight (state → PKCE verifier, nonce, invite); deleted when used, useless after expiry.
CREATE TABLE oidc_logins (
  state         text PRIMARY KEY,
  tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  code_verifier text NOT NULL,
  nonce         text NOT NULL,
  invite_token_sealed text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX oidc_logins_expiry_idx ON oidc_logins (expires_at);

-- API keys a host site's server uses to mint user tokens (POST /v1/embed/tokens). Only a SHA-256 of the
-- secret is kept; the prefix (shown in lists) identifies the key without revealing it.
CREATE TABLE api_keys (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  prefix      text NOT NULL UNIQUE,
  key_hash    text NOT NULL,
  scopes      text[] NOT NULL,
  course_id   uuid REFERENCES courses (id) ON DELETE CASCADE,
  created_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at  timestamptz
);
CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id, created_at DESC);
