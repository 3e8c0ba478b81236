-- Issue 13, the decision path: see 0014_decision_path.sqlite.sql.
ALTER TABLE decisions ALTER COLUMN municipality_code DROP NOT NULL;
ALTER TABLE decisions ADD COLUMN party TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN date_unknown BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE decisions ADD COLUMN announced_on TEXT;
ALTER TABLE decisions ADD COLUMN appealed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE decisions ADD COLUMN legal_force_on TEXT;
ALTER TABLE decisions ADD COLUMN condition_text TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN diarienummer TEXT NOT NULL DEFAULT '';

CREATE TABLE decision_settings (
    collaboration_id    BIGINT PRIMARY KEY REFERENCES collaborations (id) ON DELETE CASCADE,
    staff_transfer      BOOLEAN NOT NULL,
    require_legal_force BOOLEAN NOT NULL,
    org_number          TEXT NOT NULL,
    version             INTEGER NOT NULL,
    updated             TEXT NOT NULL
);
