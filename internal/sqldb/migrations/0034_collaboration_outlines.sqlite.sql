-- 0034: the outlines of the collaborations, what the network's pictures
-- read of each (matrix, graph, charts, vulnerability, suggestions), kept
-- by the store's writes (collaboration_outlines.go) so that a network's
-- ~365 outlines are read in one range of one table instead of ~2 500 rows
-- of collaborations, areas and participants (issue 16: 5–6 ms of each of
-- those pages' first render). Areas and participants (codes, party names,
-- leaving dates) are each one text column, encoded.
--
-- collaboration_outlines: one row per collaboration, its title, status
-- and list fields: what the suggestions read of the members'
-- collaborations, by id, without reading their wide rows. SQLite
-- keys it by the collaboration id itself (the rowid).
CREATE TABLE collaboration_outlines (
    collaboration_id INTEGER PRIMARY KEY REFERENCES collaborations (id) ON DELETE CASCADE,
    title            TEXT NOT NULL,
    status           TEXT NOT NULL,
    areas            TEXT NOT NULL,
    participants     TEXT NOT NULL
);

-- network_outlines: one row per collaboration and network it belongs to,
-- the whole outline, in the network's title order: the pictures read a
-- network's rows in key order, with no lookup and no sort. WITHOUT ROWID
-- keeps the rows themselves in that order.
CREATE TABLE network_outlines (
    network_id       INTEGER NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    title_key        BLOB NOT NULL,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    title            TEXT NOT NULL,
    status           TEXT NOT NULL,
    legal_form       TEXT NOT NULL,
    start_on         TEXT,
    annual_cost      BIGINT,
    cost_key         TEXT NOT NULL,
    areas            TEXT NOT NULL,
    participants     TEXT NOT NULL,
    PRIMARY KEY (network_id, title_key, collaboration_id)
) WITHOUT ROWID;
-- A collaboration's rows, for its writes and the cascade of its delete.
CREATE INDEX network_outlines_collaboration ON network_outlines (collaboration_id, network_id);
-- Migrate fills the rows of collaborations written before this migration.
