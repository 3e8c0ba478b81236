-- 0038: the file a background export leaves (issue 16).
--
-- A large network export runs as a job (internal/jobs) rather than inside
-- the request; the file it writes is kept here until whoever started it
-- downloads it from the job's page. One file per job; it goes with its job
-- and is purged a day after it was written, like an import upload.
CREATE TABLE job_files (
    job_id       BIGINT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content      {{bytes}} NOT NULL,
    created      TEXT NOT NULL
);
CREATE INDEX job_files_created ON job_files (created);
