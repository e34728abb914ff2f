-- The workspace shows how many of a body's open appeals are overdue and unassigned next to the
-- queue. With assignee_id in the queue index those counts read the index alone instead of
-- one table row per open appeal (80 ms for a body with 18,000 open appeals, measured with
-- 1,000,000 appeals; see docs/benchmarks.md).
DROP INDEX appeals_queue;
CREATE INDEX appeals_queue ON appeals(body_id, is_open, due_at, assignee_id);
