-- The platform's table, as a Kubiya-style control plane keeps it (shown for the test; yours exists already).
CREATE TABLE executions (
    id                    uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id       varchar(255) NOT NULL,
    execution_type        varchar(50)  NOT NULL DEFAULT 'agent',
    entity_id             uuid,
    entity_name           varchar(255),
    prompt                text,
    status                varchar(50)  NOT NULL DEFAULT 'pending',
    response              text,
    error_message         text,
    usage                 jsonb        NOT NULL DEFAULT '{}',
    execution_metadata    jsonb        NOT NULL DEFAULT '{}',
    runner_name           varchar(100),
    user_id               varchar(255),
    temporal_workflow_id  varchar(255),
    temporal_run_id       varchar(255),
    created_at            timestamptz  NOT NULL DEFAULT now(),
    started_at            timestamptz,
    completed_at          timestamptz,
    updated_at            timestamptz  NOT NULL DEFAULT now()
);

-- What Runlens's lookups need to stay index scans (the id lookup uses the primary key).
CREATE INDEX executions_org_temporal_workflow_idx ON executions (organization_id, temporal_workflow_id, created_at DESC);
CREATE INDEX executions_org_created_idx ON executions (organization_id, created_at DESC, id DESC);
CREATE INDEX executions_org_temporal_run_idx ON executions (organization_id, temporal_run_id);
CREATE INDEX executions_temporal_workflow_org_idx ON executions (temporal_workflow_id, organization_id);

-- The view Runlens reads (runlens.db.executions.relation=<schema>.executions_for_runlens).
CREATE VIEW executions_for_runlens AS
SELECT id,
       organization_id,
       coalesce(entity_name, execution_type)::text AS workflow_id,
       'default'::text                             AS temporal_namespace,
       temporal_workflow_id,
       temporal_run_id,
       runner_name                                 AS task_queue,
       CASE status
           WHEN 'pending'           THEN 'pending'
           WHEN 'queued'            THEN 'pending'
           WHEN 'running'           THEN 'running'
           WHEN 'waiting_for_input' THEN 'running'
           WHEN 'completed'         THEN 'completed'
           WHEN 'failed'            THEN 'failed'
           WHEN 'cancelled'         THEN 'cancelled'
           ELSE 'running' -- a status added later is in progress until it reaches one of the final three
       END                                         AS status,
       jsonb_build_object('prompt', prompt)        AS payload,
       to_jsonb(response)                          AS result,
       error_message                               AS error,
       created_at,
       started_at,
       completed_at,
       user_id,
       updated_at
FROM executions
WHERE temporal_workflow_id IS NOT NULL;
