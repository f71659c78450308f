package io.runlens.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runlens.payload.PayloadValue;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A child workflow, grouped by its StartChildWorkflowExecutionInitiated event. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "ChildWorkflowExecution")
public record ChildWorkflowExecution(
        long initiatedEventId,
        String namespace,
        String workflowId,
        String runId,
        String workflowType,

        @Schema(description = "initiated, started, completed, failed, cancelled, timed_out, terminated or start_failed")
        ChildWorkflowStatus status,

        Instant initiatedTime,
        Instant startedTime,
        Instant closedTime,
        Double durationMs,
        @PayloadValue ObjectNode input,
        @PayloadValue JsonNode result,
        FailureInfo failure,

        @Schema(description = "Summary the workflow gave it (user metadata, a payload: usually text), if any")
        @PayloadValue
        JsonNode summary) {}
