-- The platform's table, as a Polos-style orchestrator keeps it (shown for the test; yours exists already).
CREATE TABLE workflow_executions (
    id                   uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id           uuid        NOT NULL,
    workflow_id          text        NOT NULL,
    status               text        NOT NULL DEFAULT 'queued',
    payload              jsonb,
    result               jsonb,
    error                text,
    retry_count          integer     NOT NULL DEFAULT 0,
    parent_execution_id  uuid,
    root_execution_id    uuid,
    deployment_id        text,
    assigned_to_worker   text,
    queue_name           text,
    concurrency_key      text,
    session_id           text,
    user_id              text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    started_at           timestamptz,
    completed_at         timestamptz,
    cancelled_at         timestamptz,
    cancelled_by         text,
    CONSTRAINT workflow_executions_status_check CHECK (status IN
        ('queued', 'claimed', 'running', 'waiting', 'completed', 'failed', 'cancelled', 'pending_cancel'))
);

-- What Runlens's lookups need to stay index scans. The tenant is a uuid and the Temporal workflow id is
-- the execution id as text, so the view compares text: index those expressions, not the bare columns.
CREATE INDEX workflow_executions_project_created_idx
    ON workflow_executions ((project_id::text), created_at DESC, id DESC);
CREATE INDEX workflow_executions_project_workflow_created_idx
    ON workflow_executions ((project_id::text), workflow_id, created_at DESC, id DESC);
CREATE INDEX workflow_executions_id_text_idx ON workflow_executions ((id::text));

-- The view Runlens reads (runlens.db.executions.relation=<schema>.workflow_executions_for_runlens).
CREATE VIEW workflow_executions_for_runlens AS
SELECT id,
       project_id::text   AS organization_id,
       workflow_id,
       'default'::text    AS temporal_namespace,
       id::text           AS temporal_workflow_id, -- the platform starts each workflow with its execution id
       null::text         AS temporal_run_id,      -- not recorded: Runlens follows the workflow id's latest run
       CASE status
           WHEN 'queued'         THEN 'pending'
           WHEN 'claimed'        THEN 'pending'
           WHEN 'running'        THEN 'running'
           WHEN 'waiting'        THEN 'running'
           WHEN 'pending_cancel' THEN 'running'  -- still running until the cancellation lands
           WHEN 'completed'      THEN 'completed'
           WHEN 'failed'         THEN 'failed'
           WHEN 'cancelled'      THEN 'cancelled'
       END                AS status,
       payload,
       result,
       error,
       retry_count,
       created_at,
       started_at,
       completed_at,
       cancelled_at,
       cancelled_by,
       parent_execution_id,
       root_execution_id,
       queue_name,
       concurrency_key,
       session_id,
       user_id,
       deployment_id,
       assigned_to_worker,
       greatest(created_at, started_at, completed_at, cancelled_at) AS updated_at
FROM workflow_executions;
