-- A resource taken out of its dataset (CKAN's resource_delete, or the page's Remove button). It
-- no longer shows in the dataset, its API dicts, exports or search, but its published versions
-- stay downloadable at their stable addresses and its page says when it was removed.
ALTER TABLE resources ADD COLUMN removed_at TEXT;
