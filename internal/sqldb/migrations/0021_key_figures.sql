-- 0021: key figures kept current by the store's writes (issue 16), so the
-- overview and /insyn read a few dozen rows instead of aggregating the
-- whole register. Every write that can change them refreshes the rows of
-- the networks and municipalities it touched, in its own transaction
-- (keyfigures.go); Migrate rebuilds them all, so they start right.

-- Per network: its collaborations per phase and the annual cost of the
-- running ones (how many have one: a sum of none is unknown); the same
-- over its public collaborations; and "prim_" over the public
-- collaborations whose first public network (lowest id) this is, so the
-- totals over public networks count a collaboration in two of them once.
CREATE TABLE network_stats (
    network_id      BIGINT PRIMARY KEY REFERENCES networks (id) ON DELETE CASCADE,
    running         BIGINT NOT NULL,
    pipeline        BIGINT NOT NULL,
    ended           BIGINT NOT NULL,
    cost            BIGINT NOT NULL,
    cost_known      BIGINT NOT NULL,
    pub_running     BIGINT NOT NULL,
    pub_pipeline    BIGINT NOT NULL,
    pub_ended       BIGINT NOT NULL,
    pub_cost        BIGINT NOT NULL,
    pub_cost_known  BIGINT NOT NULL,
    prim_count      BIGINT NOT NULL,
    prim_running    BIGINT NOT NULL,
    prim_cost       BIGINT NOT NULL,
    prim_cost_known BIGINT NOT NULL
);

-- Per network the municipalities taking part in its collaborations: open
-- when one of those participations has no end, else until the last end.
-- Which of them count today is a question of the date, asked at read time.
CREATE TABLE network_reach (
    network_id        BIGINT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    municipality_code TEXT NOT NULL,
    open              INTEGER NOT NULL,
    until_on          TEXT,
    PRIMARY KEY (network_id, municipality_code)
);

-- Per municipality its participation in public collaborations of public
-- networks, open or until the last end, for /insyn's count.
CREATE TABLE public_reach (
    municipality_code TEXT PRIMARY KEY,
    open              INTEGER NOT NULL,
    until_on          TEXT
);

-- Versions per scope, for the response cache (internal/server/cache.go):
-- "collaboration:<id>", "network:<slug>", "municipality:<code>" are bumped
-- by a write to a collaboration, for it, its networks and municipalities
-- (before and after); "base" by every other write. A cached page that
-- depends on one scope stays valid while base and its scope are unchanged;
-- data_version still moves on every write, for the pages that depend on
-- everything.
CREATE TABLE scope_versions (
    scope   TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
