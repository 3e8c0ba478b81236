-- 0010: areas an import could not place (issue 11).
--
-- A value in a file's area column that matches no area is kept as written,
-- "område att granska", instead of refusing the row. text_key is the text
-- as matching compares it (samverkan.MatchKey: lower case, no diacritics,
-- punctuation as spaces), so "Elevhälsa" and "elevhalsa" are one text.
CREATE TABLE collaboration_area_reviews (
    collaboration_id BIGINT NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    pos              INTEGER NOT NULL,
    text             TEXT NOT NULL,
    text_key         TEXT NOT NULL,
    PRIMARY KEY (collaboration_id, pos)
);
CREATE INDEX collaboration_area_reviews_key ON collaboration_area_reviews (text_key, collaboration_id);

-- What a coordinator mapped a text to, per network: the review list moves
-- the text to the area in the network's collaborations, and later imports
-- into the network read the text the same way.
CREATE TABLE area_mappings (
    network_id BIGINT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    text_key   TEXT NOT NULL,
    text       TEXT NOT NULL,
    area_code  TEXT NOT NULL REFERENCES areas (code),
    created    TEXT NOT NULL,
    PRIMARY KEY (network_id, text_key)
);
