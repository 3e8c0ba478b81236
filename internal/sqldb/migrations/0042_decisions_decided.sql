-- 0042: a network's decisions of a year found through the index (issue 16).
--
-- The annual report asks for the decisions taken in a year in a network's
-- collaborations: with only (collaboration_id, id) to go on, every one of
-- the network's decisions (about 370 in a large network) was looked up to
-- test its date, for the 40 of the year (0.48 → 0.17 ms in the C library
-- at national scale; a larger share through the pure-Go SQLite). With the
-- date in the index only the year's are looked up.
CREATE INDEX decisions_collaboration_decided ON decisions (collaboration_id, decided_on);
