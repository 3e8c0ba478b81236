-- 0031: a collaboration's governing documents by valid-to date. The start
-- page's agreements ending within six months (Endings) look up the
-- documents of a network's or municipality's few hundred collaborations;
-- with the date in the index each is tested there, and only those ending
-- in the window are read (issue 16).
CREATE INDEX documents_valid_to ON documents (collaboration_id, valid_to);
