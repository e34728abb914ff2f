-- Appeals and complaints (crates/portals/dialogue): each appeal points to the obligation that
-- carries its legal deadline (crates/platform/duty). Local dates are YYYY-MM-DD text.

-- The categories a body receives appeals in.
CREATE TABLE appeal_categories (
    id INTEGER PRIMARY KEY,
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    code TEXT NOT NULL,
    name_kk TEXT NOT NULL,
    name_ru TEXT NOT NULL,
    name_en TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    UNIQUE (body_id, code)
);

-- The last registration number given per body and year.
CREATE TABLE appeal_numbers (
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (body_id, year)
);

CREATE TABLE appeals (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    -- The body that owes the answer now; the body it was filed with.
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    filed_body_id INTEGER NOT NULL REFERENCES bodies(id),
    applicant_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    category_id INTEGER REFERENCES appeal_categories(id),
    lang TEXT NOT NULL,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    -- The applicant allowed an anonymised public summary (subject and summary only).
    public_allowed BOOLEAN NOT NULL DEFAULT FALSE,
    public_summary TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    is_open BOOLEAN NOT NULL,
    assignee_id INTEGER REFERENCES users(id),
    obligation_id INTEGER NOT NULL REFERENCES obligations(id),
    received_at TEXT NOT NULL,
    received_month TEXT NOT NULL,
    due_on TEXT NOT NULL,
    due_at TEXT NOT NULL,
    -- A complaint about the answer points to the appeal it is about.
    parent_id INTEGER REFERENCES appeals(id),
    answer_text TEXT,
    answer_outcome TEXT,
    answer_how_to_appeal TEXT,
    answered_at TEXT,
    answered_by INTEGER REFERENCES users(id),
    answered_on_time BOOLEAN,
    answer_working_days INTEGER,
    rating INTEGER,
    rating_comment TEXT,
    rated_at TEXT,
    hidden_at TEXT,
    hidden_reason TEXT,
    hidden_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX appeals_queue ON appeals(body_id, is_open, due_at);
CREATE INDEX appeals_body_recent ON appeals(body_id, id);
CREATE INDEX appeals_applicant ON appeals(applicant_id, id);
CREATE INDEX appeals_applicant_day ON appeals(applicant_id, received_at);
CREATE INDEX appeals_assignee ON appeals(assignee_id, is_open);
CREATE INDEX appeals_public ON appeals(public_allowed, id);
CREATE INDEX appeals_parent ON appeals(parent_id);

-- The timeline. `visibility`: public (shown with the public summary), applicant (the applicant
-- and officials), internal (officials only: notes).
CREATE TABLE appeal_events (
    id INTEGER PRIMARY KEY,
    appeal_id INTEGER NOT NULL REFERENCES appeals(id),
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    kind TEXT NOT NULL,
    visibility TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX appeal_events_of ON appeal_events(appeal_id, id);

-- Files: uploaded first (appeal_id empty, kept for the uploader while a form is corrected),
-- then attached to the appeal in the transaction that files it.
CREATE TABLE appeal_attachments (
    id INTEGER PRIMARY KEY,
    appeal_id INTEGER REFERENCES appeals(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    storage_key TEXT NOT NULL,
    filename TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX appeal_attachments_of ON appeal_attachments(appeal_id);
CREATE INDEX appeal_attachments_pending ON appeal_attachments(user_id, appeal_id);

CREATE TABLE answer_templates (
    id INTEGER PRIMARY KEY,
    body_id INTEGER NOT NULL REFERENCES bodies(id),
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX answer_templates_of ON answer_templates(body_id, id);

-- Flags on public summaries, one per account and appeal.
CREATE TABLE appeal_flags (
    id INTEGER PRIMARY KEY,
    appeal_id INTEGER NOT NULL REFERENCES appeals(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    UNIQUE (appeal_id, user_id)
);
CREATE INDEX appeal_flags_open ON appeal_flags(resolved_at, appeal_id);
