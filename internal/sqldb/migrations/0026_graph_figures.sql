-- 0026: measures of a whole-register graph (the country's network graph,
-- /graf), computed by a periodic background task (internal/jobs,
-- "nationell-graf") and kept here with the time they were computed: its
-- betweenness and communities over 290 municipalities and 13 000 running
-- collaborations cost seconds, too much for a request and for a write.
-- The page says when they were computed. data is the graph as
-- internal/netgraph encodes it (text).
CREATE TABLE graph_figures (
    scope       TEXT PRIMARY KEY,
    computed_at TEXT NOT NULL,
    data        TEXT NOT NULL
);
