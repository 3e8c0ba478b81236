-- 0035 (SQLite only): the participants read from indexes alone. The
-- primary key (collaboration_id, pos) and participants_municipality
-- (municipality_code, collaboration_id) find the rows, but each was then
-- looked up in the table for its columns: a second seek per participant,
-- the register's most frequent read (every page of records reads the
-- participants of its records; the oversight and the KL 9:38 report read
-- a municipality's ~300 participations and ~1 000 participants of those
-- records at national scale; issue 16, first render). These two hold
-- what those reads select, so they need no look-up. PostgreSQL plans by
-- its statistics and keeps its indexes as they are (fewer to keep up on
-- its writes).
CREATE INDEX participants_listed ON participants
    (collaboration_id, pos, municipality_code, party_id, role, joined_on, left_on);
CREATE INDEX participants_municipality_listed ON participants
    (municipality_code, collaboration_id, role, joined_on, left_on);
