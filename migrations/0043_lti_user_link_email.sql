-- Issue #15: an email an LMS asserts is an attribute of that registration's user, not a global identity:
-- it is kept on the LTI link and never claims users.email (which sign-in by email matches).
ALTER TABLE lti_user_links ADD COLUMN lms_email text;
