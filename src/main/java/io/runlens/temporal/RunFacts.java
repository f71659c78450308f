package io.runlens.temporal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runlens.temporal.TraceModel.FailureInfo;
import java.time.Instant;

/** What the history says about the run itself: from its Started event and its closing event. */
public record RunFacts(
        Instant startTime,
        Instant closeTime,
        String workflowType,
        String taskQueue,
        int attempt,
        ObjectNode input,
        String closeStatus,
        ObjectNode result,
        FailureInfo failure) {

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

        void started(Instant time, String workflowType, String taskQueue, int attempt, ObjectNode input) {
            this.startTime = time;
            this.workflowType = workflowType;
            this.taskQueue = taskQueue;
            this.attempt = Math.max(attempt, 1);
            this.input = input;
        }

        void closed(Instant time, String status, ObjectNode result, FailureInfo failure) {
            this.closeTime = time;
            this.closeStatus = status;
            this.result = result;
            this.failure = failure;
        }

        RunFacts build() {
            return new RunFacts(startTime, closeTime, workflowType, taskQueue, attempt, input, closeStatus, result, failure);
        }
    }
}
