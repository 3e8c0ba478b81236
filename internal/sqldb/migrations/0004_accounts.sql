-- 0004: accounts, their scoped grants, sessions, API tokens and failed
-- logins (issue 5).
--
-- Secrets are never stored in the clear: sessions and API tokens are found
-- by the SHA-256 of the token the browser or script holds; passwords are
-- argon2id PHC strings (empty for accounts that log in only by single
-- sign-on). Sessions live in the database so several instances share them.

CREATE TABLE users (
    id            {{pk}},
    email         TEXT NOT NULL,
    -- The e-mail lower-cased: one account per address whatever its case.
    email_key     TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL DEFAULT '',
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    version       INTEGER NOT NULL,
    created       TEXT NOT NULL,
    updated       TEXT NOT NULL
);

-- A grant scopes a role: network (slug) for coordinator and reader,
-- municipality (code) for editor, neither for admin. The slug is not a
-- foreign key: deleting a network leaves the grant, which then covers
-- nothing.
CREATE TABLE user_grants (
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    pos          INTEGER NOT NULL,
    role         TEXT NOT NULL,
    network      TEXT NOT NULL DEFAULT '',
    municipality TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (user_id, pos)
);

CREATE TABLE sessions (
    token_hash {{bytes}} PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    via        TEXT NOT NULL,
    created    TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    expires    TEXT NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires);

CREATE TABLE api_tokens (
    id         {{pk}},
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    -- The token's first characters, to tell tokens apart in lists.
    prefix     TEXT NOT NULL,
    token_hash {{bytes}} NOT NULL UNIQUE,
    created    TEXT NOT NULL,
    last_used  TEXT,
    revoked    TEXT
);

CREATE INDEX api_tokens_user ON api_tokens (user_id, id);

-- One row per failed login, under "email:<address>" and "ip:<address>";
-- rows older than a day are purged as new ones arrive.
CREATE TABLE login_failures (
    id       {{pk}},
    fail_key TEXT NOT NULL,
    at       TEXT NOT NULL
);

CREATE INDEX login_failures_key ON login_failures (fail_key, at);
CREATE INDEX login_failures_at ON login_failures (at);
