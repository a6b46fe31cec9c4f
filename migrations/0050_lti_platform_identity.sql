-- The same LMS registered twice (a manual re-registration, a new client id, Moodle's "Update") must keep
-- one course per LMS course and one user per LMS person. A launch names its platform by the
-- tool_platform.guid claim when it sends one, else by issuer + deployment: `platform_key` records it on
-- the user link and on the course's context, so a launch through another registration of the same tenant
-- finds them again.
ALTER TABLE lti_user_links ADD COLUMN platform_key text;
CREATE INDEX lti_user_links_platform_idx ON lti_user_links (tenant_id, platform_key, sub) WHERE platform_key IS NOT NULL;
ALTER TABLE lti_contexts ADD COLUMN platform_key text;
CREATE INDEX lti_contexts_platform_idx ON lti_contexts (tenant_id, platform_key, context_id) WHERE platform_key IS NOT NULL;

-- What the login initiation carried, so a launch the browser could not bind to itself (its cookies
-- blocked inside the LMS frame) can be started again in a new top-level window.
ALTER TABLE lti_login_states ADD COLUMN login_params jsonb;
