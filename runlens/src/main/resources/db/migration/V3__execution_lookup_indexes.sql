-- Indexes for the lookups V1 left to scans (security review 2026-12, M6 and L11). Without them a list
-- filtered by a rare status read all of an organization's rows, the step view's lookup by Temporal
-- run id read all of a workflow definition's rows, and the existence check of
-- runlens.api.foreign-execution=forbidden (and the start-up warm-up) read the whole table, since
-- "organization_id <> :org" cannot use an index that starts with organization_id. Slow queries like
-- these hold pooled connections until their statement timeout, so one caller could make everyone wait.
--
-- Each is a plain CREATE INDEX, which blocks writes to the table while it builds. On a large table,
-- build them first with CREATE INDEX CONCURRENTLY under the same names: IF NOT EXISTS then keeps them.

-- Newest-first pages of an organization's executions with one status (?status=).
CREATE INDEX IF NOT EXISTS execution_org_status_created_idx
    ON execution (organization_id, status, created_at DESC, id DESC);
-- The same within one workflow definition (?status= with ?workflow_id=, and a definition's list).
CREATE INDEX IF NOT EXISTS execution_org_workflow_status_created_idx
    ON execution (organization_id, workflow_id, status, created_at DESC, id DESC);
-- The step view names a run by its Temporal run id.
CREATE INDEX IF NOT EXISTS execution_org_temporal_run_idx
    ON execution (organization_id, temporal_run_id);
-- Whether a workflow id exists in another organization: equality on the workflow id first, so only
-- that id's rows are read; the organization in the index lets the check skip the caller's own.
CREATE INDEX IF NOT EXISTS execution_temporal_workflow_org_idx
    ON execution (temporal_workflow_id, organization_id);
