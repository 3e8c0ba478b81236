-- 0029: running collaborations per network and municipality, kept current
-- by the store's writes like the key figures of 0021 (networkrunning.go),
-- so the network page's map reads a few dozen rows instead of aggregating
-- the participants of every running collaboration of the network. Grouped
-- by the date a participant left, since whether one that left still counts
-- depends on today; the reader sums the rows still current. Migrate
-- rebuilds the rows, so they start right.
CREATE TABLE network_running (
    network_id        BIGINT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    municipality_code TEXT NOT NULL,
    left_on           TEXT,
    n                 BIGINT NOT NULL
);
CREATE INDEX network_running_network ON network_running (network_id);
