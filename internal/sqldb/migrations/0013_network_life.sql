-- 0013: the network's own life (issue 12): its risk register, meetings,
-- work groups and advocacy issues. Same conventions as 0001. Scalars are
-- columns; lists (a meeting's decisions, a group's members, an issue's
-- actions…) are JSON arrays in text, like a pre-study's.
--
-- Links to collaborations and work groups inside those lists, and a
-- meeting's work_group_id, are ids without a foreign key: deleting the
-- collaboration or group leaves the meeting as it was (its history says
-- what was linked), and reads show the link as deleted. A risk belongs to
-- its network or collaboration: the store deletes it, audited, with them;
-- the cascades only back that up.

-- A risk or obstacle (kind) of a network or of one collaboration, never
-- both. Likelihood and impact are NULL while unassessed.
CREATE TABLE risks (
    id               {{pk}},
    network_id       BIGINT REFERENCES networks (id) ON DELETE CASCADE,
    collaboration_id BIGINT REFERENCES collaborations (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    category         TEXT NOT NULL,
    title            TEXT NOT NULL,
    description      TEXT NOT NULL,
    likelihood       INTEGER,
    impact           INTEGER,
    mitigation       TEXT NOT NULL,
    responsible      TEXT NOT NULL,
    status           TEXT NOT NULL,
    review_on        TEXT,
    source           TEXT NOT NULL,
    version          INTEGER NOT NULL,
    created          TEXT NOT NULL,
    updated          TEXT NOT NULL,
    CHECK ((network_id IS NULL) <> (collaboration_id IS NULL))
);
CREATE INDEX risks_network ON risks (network_id, id);
CREATE INDEX risks_collaboration ON risks (collaboration_id, id);

CREATE TABLE meetings (
    id             {{pk}},
    network_id     BIGINT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    title          TEXT NOT NULL,
    work_group_id  BIGINT,
    start_on       TEXT NOT NULL,
    end_on         TEXT,
    place          TEXT NOT NULL,
    host_code      TEXT REFERENCES municipalities (code),
    attendance     TEXT NOT NULL,
    agenda_url     TEXT NOT NULL,
    minutes_url    TEXT NOT NULL,
    notes          TEXT NOT NULL,
    decisions_json TEXT NOT NULL,
    source         TEXT NOT NULL,
    version        INTEGER NOT NULL,
    created        TEXT NOT NULL,
    updated        TEXT NOT NULL
);
CREATE INDEX meetings_network ON meetings (network_id, start_on, id);

CREATE TABLE work_groups (
    id                  {{pk}},
    network_id          BIGINT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    name                TEXT NOT NULL,
    area_code           TEXT REFERENCES areas (code),
    mandate             TEXT NOT NULL,
    members_json        TEXT NOT NULL,
    collaborations_json TEXT NOT NULL,
    source              TEXT NOT NULL,
    version             INTEGER NOT NULL,
    created             TEXT NOT NULL,
    updated             TEXT NOT NULL
);
CREATE INDEX work_groups_network ON work_groups (network_id, id);

CREATE TABLE advocacy_issues (
    id              {{pk}},
    network_id      BIGINT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL,
    targets_json    TEXT NOT NULL,
    target_note     TEXT NOT NULL,
    position        TEXT NOT NULL,
    status          TEXT NOT NULL,
    actions_json    TEXT NOT NULL,
    documents_json  TEXT NOT NULL,
    supporters_json TEXT NOT NULL,
    source          TEXT NOT NULL,
    version         INTEGER NOT NULL,
    created         TEXT NOT NULL,
    updated         TEXT NOT NULL
);
CREATE INDEX advocacy_issues_network ON advocacy_issues (network_id, id);
