package io.runlens.stream;

/**
 * The run a live stream follows, as describe named it when the stream opened.
 *
 * @param status Temporal's status word ({@code RUNNING}, {@code COMPLETED}, ...)
 * @param historyLength events in its history then; 0 when the server does not say
 * @param firstRunId the first run of its chain ({@code first_run_id}); empty when the server does not say
 */
public record FollowedRun(
        String namespace, String workflowId, String runId, String status, long historyLength, String firstRunId) {}
