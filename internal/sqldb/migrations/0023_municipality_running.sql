-- 0023: running collaborations per municipality, kept current by the
-- store's writes like the key figures of 0021 (keyfigures.go), so the
-- national map (/karta) reads a few hundred rows instead of aggregating
-- every participant. Grouped by the date a member left, since whether a
-- member that left still counts depends on today; the reader sums the
-- rows still current. Migrate rebuilds the rows, so they start right.
CREATE TABLE municipality_running (
    municipality_code TEXT NOT NULL,
    left_on           TEXT,
    n                 BIGINT NOT NULL
);
CREATE INDEX municipality_running_code ON municipality_running (municipality_code);
