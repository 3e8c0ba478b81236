-- 0005: login throttling that holds under concurrency (issue 10).
--
-- login_failures counted failures after the password was checked, so
-- concurrent attempts all passed the count before any was recorded. Now an
-- attempt is recorded (reserved) before the password is checked, in the
-- same transaction that counts, and released when it succeeds. A row is an
-- attempt under one key ("pair:<e-mail>|<address>", "email:<e-mail>",
-- "ip:<address>"), or a mark that an address has logged an account in
-- ("known:<e-mail>|<address>"). Rows are purged after expires.
DROP TABLE login_failures;

CREATE TABLE login_attempts (
    id          {{pk}},
    attempt_key TEXT NOT NULL,
    -- The reservation this row belongs to: one attempt writes one row per
    -- key, all with the same random value.
    attempt     TEXT NOT NULL,
    at          TEXT NOT NULL,
    expires     TEXT NOT NULL
);

CREATE INDEX login_attempts_key ON login_attempts (attempt_key, at);
CREATE INDEX login_attempts_attempt ON login_attempts (attempt);
CREATE INDEX login_attempts_expires ON login_attempts (expires);
