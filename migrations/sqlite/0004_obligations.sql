-- The duty to answer: one row per obligation of a body to answer something, with its deadline
-- and outcome (crates/platform/duty). Dates are local calendar dates as YYYY-MM-DD text.
CREATE TABLE obligations (
    id INTEGER PRIMARY KEY,
    owner_body_id INTEGER NOT NULL REFERENCES bodies(id),
    kind TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    received_at TEXT NOT NULL,
    registered_on TEXT NOT NULL,
    original_due_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    due_at TEXT NOT NULL,
    redirect_by TEXT NOT NULL,
    state TEXT NOT NULL,
    state_at TEXT,
    outcome TEXT,
    redirected_to_body_id INTEGER REFERENCES bodies(id),
    parent_id INTEGER REFERENCES obligations(id),
    created_at TEXT NOT NULL
);
CREATE INDEX obligations_queue ON obligations(owner_body_id, state, due_at);
CREATE INDEX obligations_due ON obligations(state, due_at);
CREATE INDEX obligations_subject ON obligations(subject_type, subject_id);

CREATE TABLE obligation_extensions (
    id INTEGER PRIMARY KEY,
    obligation_id INTEGER NOT NULL REFERENCES obligations(id),
    decided_at TEXT NOT NULL,
    by_user_id INTEGER NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL,
    from_date TEXT NOT NULL,
    until_date TEXT NOT NULL,
    notify_by TEXT NOT NULL
);
CREATE INDEX obligation_extensions_of ON obligation_extensions(obligation_id);
