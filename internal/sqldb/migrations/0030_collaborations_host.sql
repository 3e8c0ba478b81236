-- 0030: the index on collaborations.host goes. No query filters or sorts
-- on the column (sorting by host sorts by the municipality's name key,
-- looked up by code), and the foreign key to municipalities needs it only
-- when a municipality's code is changed or deleted, which never happens:
-- Migrate upserts municipalities by code. Every collaboration written
-- paid for it, a tenth of a bulk load's index work (issue 11).
DROP INDEX collaborations_host;
