-- Issue 13, the decision path: a decision belongs to a municipality, to a
-- party (a region, a state agency) or to the collaboration's own body, so
-- municipality_code becomes nullable; a decision's date may be unknown; it
-- has an anslag date, an appeal flag and a date of legal force, a
-- condition and a diarienummer. SQLite cannot drop NOT NULL, so the table
-- is rebuilt (renamed, copied, dropped) and its indexes made again.
ALTER TABLE decisions RENAME TO decisions_old;
CREATE TABLE decisions (
    id                {{pk}},
    collaboration_id  BIGINT NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    municipality_code TEXT REFERENCES municipalities (code),
    party             TEXT NOT NULL DEFAULT '',
    body              TEXT NOT NULL,
    body_name         TEXT NOT NULL,
    decided_on        TEXT,
    date_unknown      BOOLEAN NOT NULL DEFAULT FALSE,
    announced_on      TEXT,
    appealed          BOOLEAN NOT NULL DEFAULT FALSE,
    legal_force_on    TEXT,
    condition_text    TEXT NOT NULL DEFAULT '',
    diarienummer      TEXT NOT NULL DEFAULT '',
    paragraph         TEXT NOT NULL,
    outcome           TEXT NOT NULL,
    kind              TEXT NOT NULL,
    document          TEXT NOT NULL,
    url               TEXT NOT NULL,
    note              TEXT NOT NULL,
    version           INTEGER NOT NULL,
    created           TEXT NOT NULL,
    updated           TEXT NOT NULL
);
INSERT INTO decisions (id, collaboration_id, municipality_code, body, body_name, decided_on, paragraph, outcome,
        kind, document, url, note, version, created, updated)
    SELECT id, collaboration_id, municipality_code, body, body_name, decided_on, paragraph, outcome,
        kind, document, url, note, version, created, updated FROM decisions_old;
DROP TABLE decisions_old;
CREATE INDEX decisions_collaboration ON decisions (collaboration_id, id);
CREATE INDEX decisions_municipality ON decisions (municipality_code, created, id);
CREATE INDEX decisions_pending_municipality ON decisions (municipality_code, created, id) WHERE outcome = 'vantar';
CREATE INDEX decisions_pending_collaboration ON decisions (collaboration_id, created, id) WHERE outcome = 'vantar';

-- The facts about a collaboration's decision path kept beside it: whether
-- staff move (MBL and LAS steps), whether the gate waits for legal force,
-- and the organisation number once SCB has given one.
CREATE TABLE decision_settings (
    collaboration_id    BIGINT PRIMARY KEY REFERENCES collaborations (id) ON DELETE CASCADE,
    staff_transfer      BOOLEAN NOT NULL,
    require_legal_force BOOLEAN NOT NULL,
    org_number          TEXT NOT NULL,
    version             INTEGER NOT NULL,
    updated             TEXT NOT NULL
);
