-- 0012: the network's own steering (issue 12). The declaration's body and
-- link and the rotation order of hosts and chairs on the network; the
-- long-term plans; the yearly follow-up of each collaboration.
-- Same conventions as 0001.

ALTER TABLE networks ADD COLUMN declaration_adopted_by TEXT NOT NULL DEFAULT '';
ALTER TABLE networks ADD COLUMN declaration_url TEXT NOT NULL DEFAULT '';
-- Municipality codes in rotation order, comma-separated (members only;
-- validation checks them against the members).
ALTER TABLE networks ADD COLUMN rotation_order TEXT NOT NULL DEFAULT '';

-- A network's long-term plans; one of them is current. The priorities,
-- their activities and links are one JSON array: they are read and written
-- as a whole with the plan's version.
CREATE TABLE plans (
    id              {{pk}},
    network_id      BIGINT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    title           TEXT NOT NULL,
    from_year       INTEGER NOT NULL,
    to_year         INTEGER NOT NULL,
    is_current      BOOLEAN NOT NULL,
    note            TEXT NOT NULL,
    example         BOOLEAN NOT NULL,
    priorities_json TEXT NOT NULL,
    version         INTEGER NOT NULL,
    created         TEXT NOT NULL,
    updated         TEXT NOT NULL
);
CREATE INDEX plans_network ON plans (network_id, id);

-- One follow-up per collaboration and year. Budget and cost are NULL when
-- unknown. The assessments (score per purpose, by the purpose's text) and
-- the indicators are JSON arrays.
CREATE TABLE follow_ups (
    collaboration_id BIGINT NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    year             INTEGER NOT NULL,
    assessments_json TEXT NOT NULL,
    budget           BIGINT,
    cost             BIGINT,
    indicators_json  TEXT NOT NULL,
    narrative        TEXT NOT NULL,
    example          BOOLEAN NOT NULL,
    version          INTEGER NOT NULL,
    created          TEXT NOT NULL,
    updated          TEXT NOT NULL,
    PRIMARY KEY (collaboration_id, year)
);
CREATE INDEX follow_ups_year ON follow_ups (year, collaboration_id);
