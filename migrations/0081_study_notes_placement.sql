-- Study notes can be placed as an LTI link (deep linking), beside flashcards.
ALTER TABLE lti_resource_links DROP CONSTRAINT lti_resource_links_widget_check;
ALTER TABLE lti_resource_links ADD CONSTRAINT lti_resource_links_widget_check CHECK (widget IN ('ask', 'quiz', 'mastery', 'flashcards', 'notes'));
