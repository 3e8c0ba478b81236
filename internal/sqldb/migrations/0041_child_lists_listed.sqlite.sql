-- 0041 (SQLite only): a whole record's areas, purposes and networks read
-- from an index alone, in their order. Their primary keys are
-- (collaboration_id, area_code), (collaboration_id, purpose) and
-- (collaboration_id, network_id): each row was found there, looked up in
-- the table for its pos, and sorted by it. The oversight and the KL 9:38
-- report read ~200 whole records, a network's export 365 (issue 16, first
-- render: about 0.5 ms of the three lists for 211 records, of the ~2.5 ms
-- they took together). As 0035 did for the participants, PostgreSQL plans
-- by its statistics and keeps its indexes as they are.
CREATE INDEX collaboration_areas_listed ON collaboration_areas (collaboration_id, pos, area_code);
CREATE INDEX collaboration_purposes_listed ON collaboration_purposes (collaboration_id, pos, purpose);
CREATE INDEX collaboration_networks_listed ON collaboration_networks (collaboration_id, pos, network_id);
