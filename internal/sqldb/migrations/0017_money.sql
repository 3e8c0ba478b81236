-- 0017: money and evidence (issue 15). Same conventions as 0001.
--
-- A collaboration's cost-sharing inputs: the reference date of the
-- population, the weights of a mixed key, and per member the usage units,
-- fixed percentage or fee. The key itself stays on the collaboration
-- (cost_key); these are the figures it needs. One row per collaboration,
-- versioned and audited as a whole with its years.
CREATE TABLE cost_sharing (
    collaboration_id BIGINT PRIMARY KEY REFERENCES collaborations (id) ON DELETE CASCADE,
    reference_date   TEXT,
    base_weight      DOUBLE PRECISION NOT NULL,
    size_weight      DOUBLE PRECISION NOT NULL,
    usage_weight     DOUBLE PRECISION NOT NULL,
    members_json     TEXT NOT NULL,
    note             TEXT NOT NULL,
    example          BOOLEAN NOT NULL,
    version          INTEGER NOT NULL,
    created          TEXT NOT NULL,
    updated          TEXT NOT NULL
);

-- Budget and outcome per collaboration and year, in whole kronor; NULL is
-- unknown, never 0. Written with the cost_sharing row it belongs to.
CREATE TABLE cost_years (
    collaboration_id BIGINT NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    year             INTEGER NOT NULL,
    budget           BIGINT,
    outcome          BIGINT,
    PRIMARY KEY (collaboration_id, year)
);

-- Population figures loaded with `samverkan refdata population FILE`
-- (SCB BE0101A/BefolkningNy), per municipality and reference date. The
-- embedded 2019-12-31 figures stay in the catalogue; these add later ones.
CREATE TABLE population_figures (
    code           TEXT NOT NULL,
    reference_date TEXT NOT NULL,
    population     BIGINT NOT NULL,
    source         TEXT NOT NULL,
    loaded         TEXT NOT NULL,
    PRIMARY KEY (code, reference_date)
);

-- Kolada KPI values as fetched (`samverkan kolada sync`), with the time of
-- the fetch. value NULL is a value Kolada reports as missing.
CREATE TABLE kolada_values (
    kpi          TEXT NOT NULL,
    municipality TEXT NOT NULL,
    year         INTEGER NOT NULL,
    gender       TEXT NOT NULL,
    value        DOUBLE PRECISION,
    fetched      TEXT NOT NULL,
    PRIMARY KEY (kpi, municipality, year, gender)
);

-- Kolada KPI titles, so a page can name what it shows.
CREATE TABLE kolada_kpis (
    id      TEXT PRIMARY KEY,
    title   TEXT NOT NULL,
    fetched TEXT NOT NULL
);
