package io.runlens.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runlens.payload.PayloadValue;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Kubiya's {@code ActivityExecution}, one per scheduled activity, plus its live and failure state. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "ActivityExecution", description = "Individual activity execution within a workflow")
public record ActivityExecution(
        @Schema(required = true) String activityId,
        @Schema(required = true) String activityType,

        @Schema(
                required = true,
                description = "scheduled, started, completed, failed, timed_out, cancel_requested or cancelled")
        ActivityStatus status,

        @Schema(required = true) Instant scheduledTime,

        @Schema(nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS)
        Instant startedTime,

        @Schema(nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS)
        Instant completedTime,

        @Schema(nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS)
        Double durationMs,

        int attempt,

        @Schema(nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS)
        String workerIdentity,

        @Schema(nullable = true) @JsonInclude(JsonInclude.Include.ALWAYS)
        String failureMessage,

        @Schema(nullable = true, description = "null when payloads are left out")
        @PayloadValue
        @JsonInclude(JsonInclude.Include.ALWAYS)
        ObjectNode input,

        @Schema(nullable = true, description = "null until the activity completes, or when payloads are left out")
        @PayloadValue
        @JsonInclude(JsonInclude.Include.ALWAYS)
        ObjectNode result,

        @Schema(description = "Event id of ActivityTaskScheduled, which groups this activity's events")
        long scheduledEventId,

        @JsonInclude(JsonInclude.Include.NON_NULL) String taskQueue,
        @JsonInclude(JsonInclude.Include.NON_NULL) FailureInfo failure,
        @JsonInclude(JsonInclude.Include.NON_NULL) String retryState,

        @Schema(description = "Live state from DescribeWorkflowExecution while the activity is pending")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        PendingActivityState pending,

        @Schema(description = "Summary the workflow gave the activity (user metadata, a payload: usually text), if any")
        @PayloadValue
        @JsonInclude(JsonInclude.Include.NON_NULL)
        JsonNode summary) {}
