-- The header of a tabular file, one column name per line, read at upload so that a new version
-- shows which columns it added or dropped (the datastore will add the types).
ALTER TABLE resource_versions ADD COLUMN columns TEXT NOT NULL DEFAULT '';
