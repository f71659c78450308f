package io.runlens.details;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runlens.payload.PayloadValue;
import io.runlens.trace.ExecutionRun;
import io.runlens.trace.FailureInfo;
import io.runlens.trace.WorkflowEvent;
import io.runlens.trace.WorkflowTrace;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Kubiya's {@code WorkflowDetailsResponse}, with every field the contract defines filled from the row
 * and Temporal, plus {@code sources} (which backend answered) and the run's result and failure.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "WorkflowDetailsResponse", description = "Detailed workflow information")
public record WorkflowDetailsResponse(
        @Schema(required = true, description = "Temporal workflow ID")
        String workflowId,

        @Schema(required = true, description = "Temporal run ID (empty when Temporal has no run)")
        String runId,

        @Schema(
                required = true,
                description = "Temporal status: RUNNING, COMPLETED, FAILED, CANCELED, TERMINATED, "
                        + "CONTINUED_AS_NEW, TIMED_OUT; UNKNOWN when Temporal did not answer")
        String status,

        @Schema(required = true, description = "Execution entity ID")
        String executionId,

        @Schema(required = true, description = "Execution status from the database")
        String executionStatus,

        @Schema(description = "Workflow start time", nullable = true)
        Instant startTime,

        @Schema(description = "Workflow close time", nullable = true)
        Instant closeTime,

        @Schema(description = "Execution duration in milliseconds (running: up to its newest history event)")
        double executionDurationMs,

        @Schema(required = true, description = "Task queue name")
        String taskQueue,

        @Schema(required = true, description = "Workflow type")
        String workflowType,

        @Schema(description = "Execution attempt number") int attempt,
        @Schema(description = "History event count") long historyLength,
        @Schema(description = "History size in bytes") long historySizeBytes,

        @PayloadValue @Schema(description = "Workflow input data", nullable = true)
        ObjectNode input,

        @Schema(required = true, description = "Temporal Web UI URL")
        String temporalWebUrl,

        @Schema(description = "Recent workflow events, newest first")
        List<WorkflowEvent> recentEvents,

        @Schema(required = true, description = "Workflow execution trace")
        WorkflowTrace trace,

        @Schema(description = "Temporal namespace") String namespace,

        @PayloadValue @Schema(description = "Workflow result once completed", nullable = true)
        JsonNode result,

        @Schema(description = "Why the run failed", nullable = true)
        FailureInfo failure,

        @Schema(description = "Which backend answered") Sources sources,

        @Schema(
                description = "Every Temporal run the execution spans (continue-as-new, retries, cron), oldest first; "
                        + "empty when Temporal did not answer")
        List<ExecutionRun> runs) {

    /** Which sources the answer is built from, and why one is missing. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "DetailsSources")
    public record Sources(
            @Schema(description = "ok") String database,

            @Schema(description = "ok, not_found or unavailable")
            String temporal,

            @Schema(description = "Why Temporal's part is missing", nullable = true)
            String temporalDetail) {}
}
