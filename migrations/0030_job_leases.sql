-- Job leases: a running job's worker renews `lease_expires_at` while it works. A `running*` row whose lease
-- ran out belongs to a worker that died or lost the database; the sweeper marks it `stalled` and hands it
-- to the queue again. A delivery of a job whose lease is still live is skipped (never stolen).
ALTER TABLE jobs ADD COLUMN lease_expires_at timestamptz;

-- The sweeper's scans: waiting rows to hand over, running rows whose lease expired.
CREATE INDEX jobs_running_lease_idx ON jobs (lease_expires_at) WHERE status LIKE 'running%';
