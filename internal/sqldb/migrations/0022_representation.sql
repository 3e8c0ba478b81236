-- Issue 13, the model: a collaboration's representation (seats and
-- substitutes per member and who elects them, kept as a JSON list since
-- it is always read and written whole with its own version) and its data
-- protection: controller, GDPR arrangement and who takes the records at
-- the end. Empty text is "not stated".
CREATE TABLE representation (
    collaboration_id  BIGINT PRIMARY KEY REFERENCES collaborations (id) ON DELETE CASCADE,
    seats             TEXT NOT NULL,
    controller        TEXT NOT NULL,
    controller_member TEXT NOT NULL,
    arrangement       TEXT NOT NULL,
    archive_member    TEXT NOT NULL,
    archive_body      TEXT NOT NULL,
    version           INTEGER NOT NULL,
    updated           TEXT NOT NULL
);
