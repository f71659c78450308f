package io.runlens.trace;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * What the history says about the run itself: from its Started event and its closing event.
 *
 * @param nextRunId the run its closing event handed over to (continue-as-new, retry, cron); empty if none
 * @param previousRunId the run it continues (continue-as-new, retry, cron); empty for the first run
 * @param firstRunId the first run of its chain (Temporal's {@code first_execution_run_id}): the same for
 *        every run that continued as new, was retried or ran on a cron schedule from one start, and
 *        different for a new start that reused the workflow id; empty if the server did not say
 */
public record RunFacts(
        Instant startTime,
        Instant closeTime,
        String workflowType,
        String taskQueue,
        int attempt,
        ObjectNode input,
        String closeStatus,
        ObjectNode result,
        FailureInfo failure,
        String nextRunId,
        String previousRunId,
        String firstRunId) {

    /**
     * Whether nothing can follow this run: it closed, and neither continued as new nor was retried
     * by Temporal into another run ({@code nextRunId} is set by the closing event when one was).
     */
    public boolean isFinal() {
        return closeTime != null && (nextRunId == null || nextRunId.isEmpty());
    }

    static final class Builder {
        private Instant startTime;
        private Instant closeTime;
        private String workflowType;
        private String taskQueue;
        private int attempt = 1;
        private ObjectNode input;
        private String closeStatus;
        private ObjectNode result;
        private FailureInfo failure;
        private String nextRunId = "";
        private String previousRunId = "";
        private String firstRunId = "";

        void started(
                Instant time,
                String workflowType,
                String taskQueue,
                int attempt,
                ObjectNode input,
                String previousRunId,
                String firstRunId) {
            this.previousRunId = previousRunId;
            this.firstRunId = firstRunId;
            this.startTime = time;
            this.workflowType = workflowType;
            this.taskQueue = taskQueue;
            this.attempt = Math.max(attempt, 1);
            this.input = input;
        }

        void closed(Instant time, String status, ObjectNode result, FailureInfo failure, String nextRunId) {
            this.nextRunId = nextRunId;
            this.closeTime = time;
            this.closeStatus = status;
            this.result = result;
            this.failure = failure;
        }

        RunFacts build() {
            return new RunFacts(
                    startTime,
                    closeTime,
                    workflowType,
                    taskQueue,
                    attempt,
                    input,
                    closeStatus,
                    result,
                    failure,
                    nextRunId,
                    previousRunId,
                    firstRunId);
        }
    }
}
