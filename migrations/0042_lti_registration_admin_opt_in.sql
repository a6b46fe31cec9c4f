-- Issue #15: a launch grants course roles only. Tenant administration from the LMS's LIS institution or
-- system Administrator role is an explicit per-registration opt-in, off by default.
ALTER TABLE lti_registrations ADD COLUMN trust_institution_admin boolean NOT NULL DEFAULT false;
