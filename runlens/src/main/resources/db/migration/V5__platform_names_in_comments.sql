-- The column comments a DBA reads with \d+ named the platform documents by an internal number;
-- they name the platform instead (V1 and V2 stay as they were: Flyway checksums them).
COMMENT ON COLUMN execution.trigger_event_name IS 'Event that triggered the execution (Polos ExecutionResponse event_name).';
