-- One-time sign-in links: how an operator's first owner (and later anyone an admin chooses) gets into the portal
-- outside demo mode. Only the SHA-256 of the token is stored; a link is single use and expires.
CREATE TABLE sign_in_links (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  tenant_id   uuid REFERENCES tenants (id) ON DELETE CASCADE,
  token_hash  text NOT NULL UNIQUE,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_links_user_id_idx ON sign_in_links (user_id);
