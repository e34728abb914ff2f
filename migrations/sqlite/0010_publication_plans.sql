-- Each body's approved list of datasets it must publish, with due dates; the compliance page
-- compares it with what the body published (crates/portals/opendata/src/plans.rs).
CREATE TABLE publication_plans (
    id INTEGER PRIMARY KEY,
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    title_kk TEXT NOT NULL,
    title_ru TEXT NOT NULL,
    title_en TEXT NOT NULL,
    frequency TEXT NOT NULL,
    due_on TEXT NOT NULL,
    dataset_id INTEGER REFERENCES datasets(id),
    created_at TEXT NOT NULL
);
CREATE INDEX publication_plans_of ON publication_plans(body_id, due_on);

-- The Atom feed and "recently changed" read public datasets by last change.
CREATE INDEX datasets_changed ON datasets(state, private, updated_at);
