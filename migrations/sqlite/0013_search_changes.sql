-- Every change to what the catalogue search shows, appended in the transaction of the change:
-- each node's in-process index applies the entries after the last one it has seen. A `reindex`
-- entry (from `opengov search reindex`) makes every node rebuild its index from the database.
CREATE TABLE search_changes (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
