-- Issue #15: stored login state is bounded per registration; this index keeps the check cheap.
CREATE INDEX lti_login_states_registration_idx ON lti_login_states (registration_id, created_at DESC);
