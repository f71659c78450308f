package io.runlens.runs;

/**
 * Who a Temporal run is, as far as the run rule cares: its id and the first run of its chain
 * ({@code first_execution_run_id}, which continue-as-new, retries and cron keep and a new start that
 * reuses the workflow id does not).
 *
 * @param firstRunId empty when Temporal did not say
 */
public record RunIdentity(String runId, String firstRunId) {

    public RunIdentity {
        firstRunId = firstRunId == null ? "" : firstRunId;
    }
}
