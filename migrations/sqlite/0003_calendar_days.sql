-- Administrators' changes to the working-day calendar (holidays added, Saturdays made working),
-- applied on top of the country's data file.
CREATE TABLE calendar_days (
    country TEXT NOT NULL,
    day TEXT NOT NULL,
    kind TEXT NOT NULL,
    name_kk TEXT NOT NULL DEFAULT '',
    name_ru TEXT NOT NULL DEFAULT '',
    name_en TEXT NOT NULL DEFAULT '',
    changed_at TEXT NOT NULL,
    changed_by INTEGER REFERENCES users(id),
    PRIMARY KEY (country, day)
);
