-- 0015: key functions and vulnerability (issue 14). A municipality's
-- register of key functions is one record, read and written whole with
-- its version; the entries are one JSON array, as a plan's priorities.
-- Same conventions as 0001.
CREATE TABLE key_functions (
    municipality_code TEXT PRIMARY KEY REFERENCES municipalities (code),
    entries_json      TEXT NOT NULL,
    version           INTEGER NOT NULL,
    created           TEXT NOT NULL,
    updated           TEXT NOT NULL
);
