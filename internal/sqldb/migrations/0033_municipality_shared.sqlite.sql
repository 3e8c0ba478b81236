-- 0033: per municipality, the municipalities it shares running
-- collaborations with and in how many, kept current by the store's writes
-- like municipality_running (0023; municipalityshared.go), so the
-- municipality page's map reads a few dozen rows instead of looking up
-- every collaboration the municipality takes part in and their
-- participants. Grouped by the date the other one left, since whether it
-- still counts depends on today; the reader sums the rows still current.
-- The rows are rebuilt with the cost rows (0027) and are stale when they
-- are: Migrate rebuilds them, so they start right.
CREATE TABLE municipality_shared (
    municipality_code TEXT NOT NULL,
    other_code        TEXT NOT NULL,
    left_on           TEXT,
    n                 BIGINT NOT NULL
);
CREATE INDEX municipality_shared_code ON municipality_shared (municipality_code);

-- SQLite only: the municipality page reads a municipality's cost rows
-- (0027) in title order from this index alone, without looking up each
-- row in the table: a third of that read at national scale (issue 16).
-- It replaces municipality_costs_title, whose columns it begins with.
-- PostgreSQL plans the read by its statistics and keeps 0027's index (a
-- wide key there would also meet its limit on an index entry's size).
CREATE INDEX municipality_costs_listed ON municipality_costs
    (municipality_code, title_key, collaboration_id, title, cost_key, share_bp, amount, reason);
DROP INDEX municipality_costs_title;
