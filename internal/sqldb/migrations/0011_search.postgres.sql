-- 0011: full-text search, the PostgreSQL half (0011_search.sqlite.sql is the
-- other). A generated column holds the title (weight A) and the
-- description (weight B) as a tsvector of the "swedish" configuration
-- (Snowball stems, Swedish stop words); PostgreSQL keeps it in step with
-- every write and fills it for the rows there are already. ASCII
-- punctuation becomes space first, so that words are split as package
-- swedish splits them for SQLite (the parser would otherwise read
-- "<script>", "a.b/c" or "x@y.se" as tags, paths and addresses, and index
-- none of their words). A backup copies only the columns a SQLite file
-- has, so the column stays here.

ALTER TABLE collaborations ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('swedish', translate(title, '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')), 'A') ||
    setweight(to_tsvector('swedish', translate(description, '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')), 'B')
) STORED;

CREATE INDEX collaborations_search ON collaborations USING GIN (search_vector);
