-- Row changes pushed to Runlens: every INSERT and UPDATE of an execution row notifies the channel
-- runlens_execution with the row's id and organization, so requests held with Prefer: wait and open
-- streams learn of a new status, result or error at once instead of re-reading the row. The payload
-- is small JSON ({"id": ..., "organization_id": ...}); Runlens reads the row itself, so nothing
-- confidential travels on the channel. A notification is sent when the writing transaction commits,
-- and none when it rolls back. A platform that keeps executions in its own table adds the same
-- trigger there (docs/operations.md), or sets runlens.poll.notifications=false.

CREATE FUNCTION runlens_execution_notify() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(
        'runlens_execution',
        json_build_object('id', NEW.id, 'organization_id', NEW.organization_id)::text);
    RETURN NULL;
END;
$$;

COMMENT ON FUNCTION runlens_execution_notify() IS 'Notifies runlens_execution with the id and organization of an execution row that was written.';

CREATE TRIGGER execution_notify
    AFTER INSERT OR UPDATE ON execution
    FOR EACH ROW EXECUTE FUNCTION runlens_execution_notify();

COMMENT ON TRIGGER execution_notify ON execution IS 'Tells Runlens (LISTEN runlens_execution) that the row changed.';
