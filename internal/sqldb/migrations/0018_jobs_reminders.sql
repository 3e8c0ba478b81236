-- 0018: background work and reminders (issue 16).
--
-- jobs holds both kinds of background work: a periodic task (one row per
-- task name, periodic TRUE, run again at run_at after each run) and a
-- one-off job such as a long import (periodic FALSE, run once). A runner
-- claims a row by writing its holder and a lease that it renews while it
-- works; a row whose lease has run out is claimed again by whichever
-- instance asks next, so work that died with its instance is finished by
-- another. Times are UTC text in the store's fixed layout, so they compare
-- as text on both databases.
CREATE TABLE jobs (
    id          {{pk}},
    kind        TEXT NOT NULL,
    -- The task name for a periodic task (unique among them); '' otherwise.
    task        TEXT NOT NULL DEFAULT '',
    periodic    BOOLEAN NOT NULL DEFAULT FALSE,
    -- queued, running, done, failed.
    status      TEXT NOT NULL,
    run_at      TEXT NOT NULL,
    holder      TEXT NOT NULL DEFAULT '',
    lease_until TEXT NOT NULL DEFAULT '',
    attempts    INTEGER NOT NULL DEFAULT 0,
    -- Who started a one-off job (they may follow its progress), and the
    -- network it works on.
    user_id     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    network     TEXT NOT NULL DEFAULT '',
    input       {{bytes}},
    done_count  INTEGER NOT NULL DEFAULT 0,
    total_count INTEGER NOT NULL DEFAULT 0,
    message     TEXT NOT NULL DEFAULT '',
    result      TEXT NOT NULL DEFAULT '',
    error       TEXT NOT NULL DEFAULT '',
    created     TEXT NOT NULL,
    updated     TEXT NOT NULL,
    finished    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX jobs_claim ON jobs (status, run_at);
CREATE UNIQUE INDEX jobs_task ON jobs (task) WHERE periodic;

-- What each person wants to be reminded of. kinds, networks and
-- municipalities are comma-separated lists (codes and slugs hold no
-- comma). The unsubscribe token is kept in clear: the digest job must
-- write it into each e-mail, and all it can do is turn e-mail off.
CREATE TABLE reminder_settings (
    user_id           BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    kinds             TEXT NOT NULL,
    networks          TEXT NOT NULL,
    municipalities    TEXT NOT NULL,
    lead_days         INTEGER NOT NULL,
    decision_days     INTEGER NOT NULL,
    email             BOOLEAN NOT NULL,
    lang              TEXT NOT NULL,
    unsubscribe_token TEXT NOT NULL UNIQUE,
    version           INTEGER NOT NULL,
    updated           TEXT NOT NULL
);

-- Secret calendar feeds: a person's own (user_id set) or a network's
-- (network set). Found by the SHA-256 of the token in the URL; a revoked
-- feed answers 410 Gone.
CREATE TABLE feed_tokens (
    id         {{pk}},
    token_hash {{bytes}} NOT NULL UNIQUE,
    prefix     TEXT NOT NULL,
    user_id    BIGINT REFERENCES users (id) ON DELETE CASCADE,
    network    TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created    TEXT NOT NULL,
    revoked    TEXT
);

-- Each reminder goes out once: one row per person and reminder (the
-- deadline's UID and day, so a moved deadline is a new reminder). The
-- row is written before the e-mail is sent and removed if sending fails,
-- so two instances can never both send it.
CREATE TABLE reminders_sent (
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reminder_key TEXT NOT NULL,
    sent         TEXT NOT NULL,
    PRIMARY KEY (user_id, reminder_key)
);
