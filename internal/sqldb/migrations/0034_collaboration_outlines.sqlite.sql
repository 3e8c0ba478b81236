-- 0034: per collaboration, the list fields the network's pictures read of
-- it (matrix, graph, charts, vulnerability, suggestions): its areas and its
-- participants' codes, party names and leaving dates, each list encoded in
-- one text column (collaboration_outlines.go). Written with the child rows
-- by every write that writes those (collaboration.go), removed with them,
-- so a network's ~365 outlines are one row each instead of ~2 500 rows of
-- areas and participants (issue 16: 5–6 ms of each page's first render).
-- SQLite keys the table by the collaboration id itself (INTEGER PRIMARY
-- KEY, the rowid): the read joins it by id, one lookup per row.
-- Migrate fills the rows of collaborations written before this migration.
CREATE TABLE collaboration_outlines (
    collaboration_id INTEGER PRIMARY KEY REFERENCES collaborations (id) ON DELETE CASCADE,
    areas            TEXT NOT NULL,
    participants     TEXT NOT NULL
);
