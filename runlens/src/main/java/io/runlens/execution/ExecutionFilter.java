package io.runlens.execution;

import java.util.Optional;

/** What a list request narrows to, besides the caller's organization. */
public record ExecutionFilter(Optional<ExecutionStatus> status, Optional<String> workflowId) {

    public static ExecutionFilter none() {
        return new ExecutionFilter(Optional.empty(), Optional.empty());
    }
}
