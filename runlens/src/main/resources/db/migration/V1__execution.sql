-- One row per execution, written by the platform that starts the workflow and read by Runlens.
-- Runlens owns this schema; every column is documented below with COMMENT ON so that psql's \d+
-- shows the same text as this file.

CREATE TABLE execution (
    id                     uuid        PRIMARY KEY,
    organization_id        text        NOT NULL,
    workflow_id            text        NOT NULL,
    temporal_namespace     text        NOT NULL DEFAULT 'default',
    temporal_workflow_id   text        NOT NULL,
    temporal_run_id        text,
    task_queue             text,
    workflow_type          text,
    status                 text        NOT NULL DEFAULT 'pending',
    payload                jsonb,
    result                 jsonb,
    error                  text,
    retry_count            integer     NOT NULL DEFAULT 0,
    created_at             timestamptz NOT NULL DEFAULT now(),
    started_at             timestamptz,
    completed_at           timestamptz,
    cancelled_at           timestamptz,
    cancelled_by           text,
    parent_execution_id    uuid,
    root_execution_id      uuid,
    queue_name             text,
    concurrency_key        text,
    batch_id               text,
    session_id             text,
    user_id                text,
    deployment_id          text,
    step_key               text,
    output_schema_name     text,
    run_timeout_seconds    integer,
    assigned_to_worker     text,
    trigger_event_name     text,
    column_config          jsonb,
    updated_at             timestamptz NOT NULL DEFAULT now(),
    version                bigint      NOT NULL DEFAULT 0,
    CONSTRAINT execution_status_check
        CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
    CONSTRAINT execution_retry_count_check CHECK (retry_count >= 0),
    CONSTRAINT execution_run_timeout_check CHECK (run_timeout_seconds IS NULL OR run_timeout_seconds > 0),
    -- Temporal caps workflow ids at 1,000 bytes; a longer one can never be found there.
    CONSTRAINT execution_temporal_workflow_id_length CHECK (octet_length(temporal_workflow_id) BETWEEN 1 AND 1000)
);

-- Lookup by Temporal workflow id within an organization; newest first because a workflow id can
-- be reused by a later execution (Temporal's workflow id reuse policy).
CREATE INDEX execution_org_temporal_workflow_idx
    ON execution (organization_id, temporal_workflow_id, created_at DESC);
-- Keyset pagination of an organization's executions, newest first.
CREATE INDEX execution_org_created_idx
    ON execution (organization_id, created_at DESC, id DESC);
-- Keyset pagination of one workflow definition's executions, newest first.
CREATE INDEX execution_org_workflow_created_idx
    ON execution (organization_id, workflow_id, created_at DESC, id DESC);

COMMENT ON TABLE execution IS 'One workflow or agent execution; Temporal holds its durable history.';
COMMENT ON COLUMN execution.id IS 'Execution id (UUID) as clients see it.';
COMMENT ON COLUMN execution.organization_id IS 'Tenant that owns the execution; every lookup is scoped to it.';
COMMENT ON COLUMN execution.workflow_id IS 'Workflow definition id of the platform (ExecutionResponse.workflow_id).';
COMMENT ON COLUMN execution.temporal_namespace IS 'Temporal namespace the workflow runs in.';
COMMENT ON COLUMN execution.temporal_workflow_id IS 'Temporal workflow id (at most 1,000 bytes, as Temporal allows).';
COMMENT ON COLUMN execution.temporal_run_id IS 'Temporal run id of the run this row follows; null before the workflow starts.';
COMMENT ON COLUMN execution.task_queue IS 'Temporal task queue the workflow was started on.';
COMMENT ON COLUMN execution.workflow_type IS 'Temporal workflow type name.';
COMMENT ON COLUMN execution.status IS 'Business status: pending, running, completed, failed or cancelled.';
COMMENT ON COLUMN execution.payload IS 'Input payload as the platform received it (any JSON value).';
COMMENT ON COLUMN execution.result IS 'Result of the execution (any JSON value); null until completed.';
COMMENT ON COLUMN execution.error IS 'Error message when the execution failed.';
COMMENT ON COLUMN execution.retry_count IS 'How many times the platform retried the execution.';
COMMENT ON COLUMN execution.created_at IS 'When the row was created (the execution was requested).';
COMMENT ON COLUMN execution.started_at IS 'When the execution started running.';
COMMENT ON COLUMN execution.completed_at IS 'When the execution reached a final status.';
COMMENT ON COLUMN execution.cancelled_at IS 'When the execution was cancelled.';
COMMENT ON COLUMN execution.cancelled_by IS 'Who cancelled the execution (a user id or "system").';
COMMENT ON COLUMN execution.parent_execution_id IS 'Execution that started this one, for sub-workflows and agent hand-offs.';
COMMENT ON COLUMN execution.root_execution_id IS 'Top-most execution of a tree of executions.';
COMMENT ON COLUMN execution.queue_name IS 'Platform queue the execution was submitted to.';
COMMENT ON COLUMN execution.concurrency_key IS 'Key limiting concurrent executions of the platform.';
COMMENT ON COLUMN execution.batch_id IS 'Batch the execution belongs to.';
COMMENT ON COLUMN execution.session_id IS 'Agent or user session the execution belongs to.';
COMMENT ON COLUMN execution.user_id IS 'User who started the execution.';
COMMENT ON COLUMN execution.deployment_id IS 'Deployment (code version) the execution runs on.';
COMMENT ON COLUMN execution.step_key IS 'Step key when the execution is one step of a larger workflow.';
COMMENT ON COLUMN execution.output_schema_name IS 'Name of the schema the result conforms to.';
COMMENT ON COLUMN execution.run_timeout_seconds IS 'Run timeout in seconds.';
COMMENT ON COLUMN execution.assigned_to_worker IS 'Worker the execution is assigned to.';
COMMENT ON COLUMN execution.trigger_event_name IS 'Event that triggered the execution (seed 003 event_name).';
COMMENT ON COLUMN execution.column_config IS 'Table-column mappings over step outputs: [{column, step_id, path}].';
COMMENT ON COLUMN execution.updated_at IS 'Last change to the row; part of the response validators (ETag).';
COMMENT ON COLUMN execution.version IS 'Optimistic-lock version, incremented on every update.';
