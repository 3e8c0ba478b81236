-- 0035: the participants of given collaborations, in their order, read
-- from one index. The primary key (collaboration_id, pos) finds them, but
-- each row was then looked up in the table for its columns: a second
-- seek per participant, the most frequent read of the register (every
-- page of records, the oversight and the KL 9:38 report read about a
-- thousand at national scale; issue 16, first render). This index holds
-- what those reads select, so they need no look-up.
CREATE INDEX participants_listed ON participants
    (collaboration_id, pos, municipality_code, party_id, role, joined_on, left_on);
