-- 0016: open data and the national register (issue 17).
--
-- settings holds small documents an administrator sets for the whole
-- instance, by name (now "opendata": the licence, publisher and contact
-- point of the open data), as JSON with a version for If-Match style
-- writes; every change is audited like a record's. The defaults are
-- stored as version 1, so the first change names a version like any other
-- write (the API's If-Match has no version 0).
CREATE TABLE settings (
    name    TEXT PRIMARY KEY,
    value   TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated TEXT NOT NULL
);
INSERT INTO settings (name, value, version, updated) VALUES ('opendata', '{}', 1, '1970-01-01T00:00:00.000000Z');

-- harvests holds the latest harvest of each other instance's open data,
-- for the national view (/nationellt): the validated, sanitised JSON
-- document as fetched. It is apart from the instance's own records on
-- purpose: a harvest can never overwrite them.
CREATE TABLE harvests (
    id        {{pk}},
    source    TEXT NOT NULL UNIQUE,
    final_url TEXT NOT NULL,
    fetched   TEXT NOT NULL,
    etag      TEXT NOT NULL,
    body      TEXT NOT NULL
);
