-- An invite may enrol the person in one course when accepted (the demo's "invite a learner to this course").
ALTER TABLE invites ADD COLUMN course_id uuid REFERENCES courses (id) ON DELETE SET NULL;
