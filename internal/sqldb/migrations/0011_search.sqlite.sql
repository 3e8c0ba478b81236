-- 0011: full-text search, SQLite's half (0011_search.postgres.sql is the
-- other). An FTS5 table holds each collaboration's title and description
-- as Swedish stems (samverkan_search_terms, a function the store
-- registers: package swedish, the Snowball algorithm PostgreSQL uses too),
-- the rowid being the collaboration's id. The unicode61 tokenizer keeps
-- å, ä and ö as letters of their own (remove_diacritics 0); prefix
-- indexes of two and three letters make word-start queries cheap.
-- Triggers keep it in step with every write, in the writer's transaction.

CREATE VIRTUAL TABLE collaboration_search USING fts5 (
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3'
);

CREATE TRIGGER collaborations_search_insert AFTER INSERT ON collaborations BEGIN
    INSERT INTO collaboration_search (rowid, title, body)
    VALUES (new.id, samverkan_search_terms(new.title), samverkan_search_terms(new.description));
END;

CREATE TRIGGER collaborations_search_update AFTER UPDATE OF title, description ON collaborations BEGIN
    UPDATE collaboration_search
    SET title = samverkan_search_terms(new.title), body = samverkan_search_terms(new.description)
    WHERE rowid = new.id;
END;

CREATE TRIGGER collaborations_search_delete AFTER DELETE ON collaborations BEGIN
    DELETE FROM collaboration_search WHERE rowid = old.id;
END;

-- The collaborations there are already.
INSERT INTO collaboration_search (rowid, title, body)
SELECT id, samverkan_search_terms(title), samverkan_search_terms(description) FROM collaborations;
