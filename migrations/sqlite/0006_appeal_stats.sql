-- Public appeal statistics (crates/portals/dialogue/src/stats.rs): one GROUP BY over
-- (body_id, received_month, category_id, answer_working_days) feeds every figure. The index
-- holds every column that query reads, in its grouping order, so the aggregate is a single
-- ordered index scan without a sort or table lookups.
CREATE INDEX appeals_stats ON appeals(
    body_id, received_month, category_id, answer_working_days,
    answered_on_time, rating, is_open, due_at
);

-- Hidden public summaries, newest first, for the moderators' page.
CREATE INDEX appeals_hidden ON appeals(hidden_at) WHERE hidden_at IS NOT NULL;
