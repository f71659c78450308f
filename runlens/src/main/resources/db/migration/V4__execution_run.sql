-- Runs Runlens has verified to be of an execution's chain besides the one its row names (later runs of
-- a continue-as-new, retried or cron chain), so the step view can find the execution by any of its run
-- ids: the execution row names one run, and Temporal cannot look a run up without its workflow id.
-- Written by Runlens as it meets such runs; a cache of facts Temporal holds, safe to empty at any time.

CREATE TABLE execution_run (
    organization_id  text        NOT NULL,
    run_id           text        NOT NULL,
    execution_id     uuid        NOT NULL,
    seen_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, run_id)
);

COMMENT ON TABLE execution_run IS 'Temporal runs of an execution''s chain that its row does not name, as Runlens verified them.';
COMMENT ON COLUMN execution_run.organization_id IS 'Organization of the execution; every lookup is scoped to it.';
COMMENT ON COLUMN execution_run.run_id IS 'Temporal run id of a later run of the execution''s chain.';
COMMENT ON COLUMN execution_run.execution_id IS 'The execution (execution.id) whose chain the run is of.';
COMMENT ON COLUMN execution_run.seen_at IS 'When Runlens first verified it.';
