-- 0033: per municipality, the municipalities it shares running
-- collaborations with and in how many, kept current by the store's writes
-- like municipality_running (0023; municipalityshared.go), so the
-- municipality page's map reads a few dozen rows instead of looking up
-- every collaboration the municipality takes part in and their
-- participants. Grouped by the date the other one left, since whether it
-- still counts depends on today; the reader sums the rows still current.
-- The rows are rebuilt with the cost rows (0027) and are stale when they
-- are: Migrate rebuilds them, so they start right. (The SQLite variant
-- also makes the cost rows' title index covering.)
CREATE TABLE municipality_shared (
    municipality_code TEXT NOT NULL,
    other_code        TEXT NOT NULL,
    left_on           TEXT,
    n                 BIGINT NOT NULL
);
CREATE INDEX municipality_shared_code ON municipality_shared (municipality_code);
