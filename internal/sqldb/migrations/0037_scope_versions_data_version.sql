-- 0037: the data version each scope version was last bumped with. After a
-- write, every instance asks for the scopes bumped since the data version
-- it knew (one indexed read) instead of reading each page's scope again:
-- one write moved data_version and so made every remembered scope version
-- (sqldb.ScopeVersion, one for each of the ~900 pages of a national
-- register) unknown, and on PostgreSQL the reads of them after each write
-- were a good part of what the mixed benchmark lost (issue 16). 0 for the
-- rows bumped before this migration; -1, inside a writing transaction, for
-- a row bumped and not yet stamped (bumpVersion stamps it before commit).
-- Upgrade all instances together: a binary from before this migration
-- bumps scopes without stamping them, and an instance of this one would
-- not learn of those bumps (its remembered scope stays until restart or
-- the next stamped write to it).
ALTER TABLE scope_versions ADD COLUMN data_version BIGINT NOT NULL DEFAULT 0;
CREATE INDEX scope_versions_data_version ON scope_versions (data_version);
