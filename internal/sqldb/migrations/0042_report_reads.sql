-- 0042: what the network's steering pages read, found without looking up
-- the wide rows (issue 16).
--
-- The annual report asks for the decisions taken in a year in a network's
-- collaborations: with only (collaboration_id, id) to go on, every one of
-- the network's decisions (about 370 in a large network) was looked up to
-- test its date, for the 40 of the year (0.48 → 0.17 ms in the C library
-- at national scale; a larger share through the pure-Go SQLite). With the
-- date in the index only the year's are looked up.
CREATE INDEX decisions_collaboration_decided ON decisions (collaboration_id, decided_on);

-- A network's collaboration references (CollaborationRefs: the follow-up,
-- meeting, deadline and annual report pages) come from its range of
-- network_outlines; the end date was the one field looked up in each
-- collaboration's row. The writes keep it like the rest of the outline
-- (collaboration_outlines.go); the rows already there get it here.
ALTER TABLE network_outlines ADD COLUMN end_on TEXT;
UPDATE network_outlines SET end_on = (SELECT c.end_on FROM collaborations c WHERE c.id = network_outlines.collaboration_id);
