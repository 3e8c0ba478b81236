-- 0027: what each municipality pays this year for each running
-- collaboration it pays for (the municipality page's cost table), kept
-- current by the store's writes like the key figures of 0021
-- (municipality_costs.go). The split is computed in Go by the same
-- function the page used (samverkan.MunicipalityCosts); reading it was a
-- load of ~215 collaborations with their participants and cost sharing
-- per page. The rows are for the year in municipality_costs_year: when
-- the year turns, the first write rebuilds them, and until then readers
-- compute the table live. Migrate rebuilds the rows, so they start right.
-- The collaboration's title (and its sort key) and cost key are copied,
-- so the page reads its rows in order from this table alone.
CREATE TABLE municipality_costs (
    municipality_code TEXT NOT NULL,
    collaboration_id  BIGINT NOT NULL,
    title_key         {{bytes}} NOT NULL,
    title             TEXT NOT NULL,
    cost_key          TEXT NOT NULL,
    share_bp          BIGINT NOT NULL,
    amount            BIGINT,
    reason            TEXT NOT NULL,
    PRIMARY KEY (municipality_code, collaboration_id)
);
CREATE INDEX municipality_costs_title ON municipality_costs (municipality_code, title_key, collaboration_id);
CREATE INDEX municipality_costs_collaboration ON municipality_costs (collaboration_id);

CREATE TABLE municipality_costs_year (
    id   INTEGER PRIMARY KEY,
    year INTEGER NOT NULL
);
