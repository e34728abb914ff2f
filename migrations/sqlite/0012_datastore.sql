-- The datastore: which loaded table serves each tabular resource, every load with its progress
-- and report, and the column types officials fixed.
CREATE TABLE datastore_tables (
    resource_id INTEGER PRIMARY KEY REFERENCES resources(id),
    version INTEGER NOT NULL,
    table_name TEXT NOT NULL,
    fields TEXT NOT NULL,
    row_count BIGINT NOT NULL,
    loaded_at TEXT NOT NULL
);

CREATE TABLE datastore_loads (
    id INTEGER PRIMARY KEY,
    resource_id INTEGER NOT NULL REFERENCES resources(id),
    version INTEGER NOT NULL,
    state TEXT NOT NULL,
    phase TEXT NOT NULL DEFAULT 'queued',
    percent INTEGER NOT NULL DEFAULT 0,
    row_count BIGINT NOT NULL DEFAULT 0,
    fields TEXT NOT NULL DEFAULT '[]',
    problems TEXT NOT NULL DEFAULT '[]',
    problems_total BIGINT NOT NULL DEFAULT 0,
    error_code TEXT,
    error_detail TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
);
CREATE INDEX datastore_loads_of ON datastore_loads(resource_id, id);

CREATE TABLE datastore_column_types (
    resource_id INTEGER NOT NULL REFERENCES resources(id),
    column_name TEXT NOT NULL,
    column_type TEXT NOT NULL,
    PRIMARY KEY (resource_id, column_name)
);
