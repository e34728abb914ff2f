-- Open Data catalogue (crates/portals/opendata): datasets with trilingual metadata, published
-- by a body. Dates are YYYY-MM-DD text; themes are EU data-theme codes separated by spaces,
-- keywords are one per line.
CREATE TABLE datasets (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    title_kk TEXT NOT NULL,
    title_ru TEXT NOT NULL,
    title_en TEXT NOT NULL,
    description_kk TEXT NOT NULL DEFAULT '',
    description_ru TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    themes TEXT NOT NULL DEFAULT '',
    keywords TEXT NOT NULL DEFAULT '',
    licence TEXT NOT NULL,
    frequency TEXT NOT NULL,
    temporal_start TEXT,
    temporal_end TEXT,
    spatial TEXT NOT NULL DEFAULT '',
    contact_name TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    private BOOLEAN NOT NULL DEFAULT FALSE,
    withdrawn_reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    published_at TEXT
);
CREATE INDEX datasets_body ON datasets(body_id, id);
CREATE INDEX datasets_listed ON datasets(state, private, id);
