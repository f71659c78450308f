package io.runlens.support;

import io.runlens.support.temporal.TraceWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.util.Map;
import java.util.UUID;

/**
 * A running {@link TraceWorkflows.Paced} run (it moves only when the test signals a step) and the
 * platform's row for it, {@code running}: what the live-path tests poll, hold and stream.
 */
public record PacedRun(UUID id, String workflowId, String runId, TraceWorkflows.Paced stub) {

    /** Starts a run with a fresh workflow id and inserts its row for {@code organization}. */
    public static PacedRun start(WorkflowClient temporal, ExecutionRows rows, String organization) {
        String workflowId = "paced-" + UUID.randomUUID();
        TraceWorkflows.Paced paced = stub(temporal, workflowId);
        WorkflowClient.start(paced::run);
        String runId = WorkflowStub.fromTyped(paced).getExecution().getRunId();
        UUID id = rows.insert(
                organization,
                Map.of("temporal_workflow_id", workflowId, "temporal_run_id", runId, "status", "running"));
        return new PacedRun(id, workflowId, runId, paced);
    }

    /** A stub of a Paced workflow {@code workflowId} on the test worker's queue, not started. */
    public static TraceWorkflows.Paced stub(WorkflowClient temporal, String workflowId) {
        return temporal.newWorkflowStub(
                TraceWorkflows.Paced.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
    }
}
