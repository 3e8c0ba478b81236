-- 0003: files kept between an import's preview and its confirmation.
--
-- The file is stored here rather than on local disk because several
-- instances may run behind one load balancer: the instance that confirms
-- need not be the one that showed the preview. Rows older than a day are
-- purged whenever a new upload is saved.
CREATE TABLE import_uploads (
    token    TEXT PRIMARY KEY,
    network  TEXT NOT NULL,
    filename TEXT NOT NULL,
    content  {{bytes}} NOT NULL,
    created  TEXT NOT NULL
);

CREATE INDEX import_uploads_created ON import_uploads (created);
