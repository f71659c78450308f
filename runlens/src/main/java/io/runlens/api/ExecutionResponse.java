package io.runlens.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.runlens.execution.ExecutionRecord;
import io.runlens.payload.PayloadValue;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Polos's {@code ExecutionResponse}: all 24 fields, always present, absent values as JSON null; then
 * Runlens's own three, the execution's Temporal coordinates, so that a dashboard can link a list item
 * to Temporal (or ask for its details) without a second call.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "ExecutionResponse", description = "Execution details response (Polos ExecutionResponse)")
public record ExecutionResponse(
        @Schema(required = true, description = "Execution ID")
        String id,

        @Schema(required = true, description = "Workflow ID")
        String workflowId,

        @Schema(
                required = true,
                description = "Execution status (pending, running, completed, failed, cancelled)",
                enumeration = {"pending", "running", "completed", "failed", "cancelled"})
        String status,

        @PayloadValue @Schema(required = true, description = "Input payload", nullable = true)
        JsonNode payload,

        @PayloadValue @Schema(description = "Execution result", nullable = true)
        JsonNode result,

        @Schema(description = "Error message if failed", nullable = true)
        String error,

        @Schema(required = true, description = "Creation timestamp (RFC3339)")
        Instant createdAt,

        @Schema(description = "Start timestamp (RFC3339)", nullable = true)
        Instant startedAt,

        @Schema(description = "Completion timestamp (RFC3339)", nullable = true)
        Instant completedAt,

        @Schema(required = true, description = "Retry count", format = "int32")
        int retryCount,

        @Schema(description = "Cancellation timestamp (RFC3339)", nullable = true)
        Instant cancelledAt,

        @Schema(description = "Cancelled by (user or system)", nullable = true)
        String cancelledBy,

        @Schema(description = "Parent execution ID", nullable = true)
        String parentExecutionId,

        @Schema(description = "Root execution ID", nullable = true)
        String rootExecutionId,

        @Schema(description = "Queue name", nullable = true) String queueName,

        @Schema(description = "Concurrency key", nullable = true)
        String concurrencyKey,

        @Schema(description = "Batch ID", nullable = true) String batchId,
        @Schema(description = "Session ID", nullable = true) String sessionId,
        @Schema(description = "User ID", nullable = true) String userId,

        @Schema(description = "Deployment ID", nullable = true)
        String deploymentId,

        @Schema(description = "Step key", nullable = true) String stepKey,

        @Schema(description = "Output schema name", nullable = true)
        String outputSchemaName,

        @Schema(description = "Timeout in seconds", nullable = true, format = "int32")
        Integer runTimeoutSeconds,

        @Schema(description = "Assigned worker ID", nullable = true)
        String assignedToWorker,

        @Schema(required = true, description = "Temporal namespace of the execution's workflow (Runlens)")
        String temporalNamespace,

        @Schema(required = true, description = "Temporal workflow id of the execution (Runlens)")
        String temporalWorkflowId,

        @Schema(
                nullable = true,
                description =
                        "Temporal run id the platform recorded, null until it did (Runlens; /details shows the run"
                                + " it resolves)")
        String temporalRunId) {

    public static ExecutionResponse from(ExecutionRecord row) {
        return new ExecutionResponse(
                row.id.toString(),
                row.workflowId,
                row.status.word(),
                row.payload,
                row.result,
                row.error,
                row.createdAt,
                row.startedAt,
                row.completedAt,
                row.retryCount,
                row.cancelledAt,
                row.cancelledBy,
                text(row.parentExecutionId),
                text(row.rootExecutionId),
                row.queueName,
                row.concurrencyKey,
                row.batchId,
                row.sessionId,
                row.userId,
                row.deploymentId,
                row.stepKey,
                row.outputSchemaName,
                row.runTimeoutSeconds,
                row.assignedToWorker,
                row.temporalNamespace,
                row.temporalWorkflowId,
                row.temporalRunId);
    }

    private static String text(UUID id) {
        return id == null ? null : id.toString();
    }
}
