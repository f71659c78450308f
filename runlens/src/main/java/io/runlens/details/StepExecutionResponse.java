package io.runlens.details;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runlens.payload.PayloadValue;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The workflow-automation platform's execution detail: one run of a workflow and its steps, every field always present. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "StepExecution", description = "Execution with step-level detail")
public record StepExecutionResponse(
        @Schema(required = true, description = "Execution log identifier (the execution UUID)")
        String id,

        @Schema(
                required = true,
                description = "Unique execution identifier (the Temporal run id; the execution UUID "
                        + "when no run exists yet)")
        String runId,

        @Schema(required = true, description = "Parent workflow identifier")
        String workflowId,

        @Schema(
                required = true,
                description = "Execution status: running, completed or failed; pending or cancelled "
                        + "where that is the truth")
        String status,

        @Schema(required = true, description = "When the execution started (its creation time while it has not)")
        Instant startedAt,

        @Schema(description = "When the execution finished", nullable = true)
        Instant endedAt,

        @Schema(description = "Total execution duration in milliseconds", nullable = true)
        Long durationMs,

        @Schema(required = true, description = "Trigger event name used for the run (empty when none was recorded)")
        String eventName,

        @Schema(required = true, description = "When the log row was created")
        Instant created,

        @Schema(
                description = "Table-column mappings applied to step outputs, as stored with the execution",
                nullable = true,
                implementation = ColumnMapping[].class)
        JsonNode columnConfig,

        @Schema(required = true, description = "Ordered list of step execution details")
        List<Step> steps,

        @Schema(description = "Top-level error message if the execution failed", nullable = true)
        String error,

        @Schema(description = "Which backend answered") WorkflowDetailsResponse.Sources sources) {

    /**
     * One entry of {@code column_config}, for the document only: the answer echoes the stored JSON
     * (see {@link io.runlens.execution.ColumnConfig} for how it is read).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "ColumnMapping", description = "The column fed by the value at path in step_id's output")
    public record ColumnMapping(
            @Schema(required = true) String column,
            @Schema(required = true) String stepId,

            @Schema(required = true, description = "JSON Pointer (RFC 6901) into the step's output")
            String path) {}

    /** One step: an activity, a local activity or a child workflow. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "StepDetail")
    public record Step(
            @Schema(required = true, description = "Step identifier (activity id, or child workflow id)")
            String stepId,

            @PayloadValue(textOnly = true)
            @Schema(
                    implementation = String.class,
                    nullable = true,
                    description = "Human-readable step name (the summary the workflow gave it, when that is text); "
                            + "a payload, so null when payloads are left out")
            JsonNode stepName,

            @Schema(required = true, description = "Action kind: the activity or child workflow type")
            String operation,

            @Schema(
                    required = true,
                    type = SchemaType.STRING,
                    description = "pending, running, completed, failed or skipped")
            StepStatus status,

            @Schema(description = "When the step started", nullable = true)
            Instant startedAt,

            @Schema(description = "When the step finished", nullable = true)
            Instant endedAt,

            @Schema(description = "Step duration in milliseconds", nullable = true)
            Long durationMs,

            @PayloadValue(emptyObjectWhenOmitted = true)
            @Schema(required = true, description = "Resolved input values passed to the action")
            ObjectNode input,

            @PayloadValue @Schema(description = "Output values produced by the action", nullable = true)
            JsonNode output,

            @PayloadValue @Schema(description = "Values produced from column_config mappings", nullable = true)
            ObjectNode mappedOutput,

            @Schema(
                    description = "Error message, or {message, type, stack_trace} when there is more to say",
                    nullable = true)
            JsonNode error,

            @Schema(description = "activity, local_activity or child_workflow")
            String kind) {}
}
