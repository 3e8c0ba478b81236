-- 0002: the pipeline. New collaboration fields for ideas (triage reason,
-- proposer, priority, matter of principle), a note on events (a status
-- change carries one), every member's decisions, and the pre-study.
-- Same conventions as 0001.

ALTER TABLE collaborations ADD COLUMN triage_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE collaborations ADD COLUMN proposer TEXT NOT NULL DEFAULT '';
ALTER TABLE collaborations ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE collaborations ADD COLUMN of_principle BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE collaboration_events ADD COLUMN note TEXT NOT NULL DEFAULT '';

-- One decision by one body in one municipality about one collaboration.
-- Decisions go with their collaboration (DeleteCollaboration audits each).
CREATE TABLE decisions (
    id                {{pk}},
    collaboration_id  BIGINT NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    body              TEXT NOT NULL,
    body_name         TEXT NOT NULL,
    decided_on        TEXT,
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
CREATE INDEX decisions_collaboration ON decisions (collaboration_id, id);
CREATE INDEX decisions_municipality ON decisions (municipality_code, created, id);
-- What is waiting for whom: pending decisions per municipality and per
-- collaboration (a network's pending list goes through its collaborations).
CREATE INDEX decisions_pending_municipality ON decisions (municipality_code, created, id) WHERE outcome = 'vantar';
CREATE INDEX decisions_pending_collaboration ON decisions (collaboration_id, created, id) WHERE outcome = 'vantar';

-- The pre-study (förstudie): one per collaboration. Scalars and the
-- economics are columns; the lists (readiness per participant, effect per
-- purpose, risks) are JSON arrays in text.
CREATE TABLE assessments (
    collaboration_id     BIGINT PRIMARY KEY REFERENCES collaborations (id) ON DELETE CASCADE,
    legal_feasibility    TEXT NOT NULL,
    legal_basis          TEXT NOT NULL,
    legal_conditions     TEXT NOT NULL,
    public_authority     BOOLEAN NOT NULL,
    external_delegation  BOOLEAN NOT NULL,
    special_acts         TEXT NOT NULL,
    procurement_basis    TEXT NOT NULL,
    organisation_json    TEXT NOT NULL,
    organisation_summary TEXT NOT NULL,
    one_off_cost         BIGINT NOT NULL,
    annual_cost          BIGINT NOT NULL,
    annual_saving        BIGINT NOT NULL,
    years                INTEGER NOT NULL,
    discount_rate        DOUBLE PRECISION NOT NULL,
    effects_json         TEXT NOT NULL,
    risks_json           TEXT NOT NULL,
    recommended_form     TEXT NOT NULL,
    recommendation       TEXT NOT NULL,
    version              INTEGER NOT NULL,
    created              TEXT NOT NULL,
    updated              TEXT NOT NULL
);
