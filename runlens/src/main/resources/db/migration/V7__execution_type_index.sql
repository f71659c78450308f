-- Newest-first pages of an organization's executions of one workflow type (?workflow_type=, without
-- ?workflow_id=). Without it such a list walked the organization's newest-first index and checked
-- each row's type: a rare type read all of a large organization's rows for a page of a few.
--
-- A plain CREATE INDEX blocks writes to the table while it builds. On a large table, build it first
-- with CREATE INDEX CONCURRENTLY under the same name: IF NOT EXISTS then keeps it.
CREATE INDEX IF NOT EXISTS execution_org_type_created_idx
    ON execution (organization_id, workflow_type, created_at DESC, id DESC);
