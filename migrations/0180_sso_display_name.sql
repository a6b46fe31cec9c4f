-- Issue 21: the login page offers a tenant's provider as a button ("Sign in with <display_name>"), found by the
-- tenant's slug or one of its email domains. Without a name the button uses the organisation's name.
ALTER TABLE sso_connections ADD COLUMN display_name text CHECK (display_name IS NULL OR length(display_name) BETWEEN 1 AND 60);
