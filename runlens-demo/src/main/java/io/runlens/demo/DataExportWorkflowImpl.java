package io.runlens.demo;

import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class DataExportWorkflowImpl implements DataExportWorkflow {

    /** The warehouse's own workers take exports from this queue when they have capacity; none runs in the demo. */
    static final String WAREHOUSE_QUEUE = "warehouse-exports";

    private final BusinessActivities warehouse = Workflow.newActivityStub(
            BusinessActivities.class,
            ActivityOptions.newBuilder()
                    .setTaskQueue(WAREHOUSE_QUEUE)
                    .setSummary("Export table to object storage")
                    .setStartToCloseTimeout(Duration.ofMinutes(30))
                    .build());

    @Override
    public String export(ExportRequest request) {
        Promise<String> exported = Async.function(warehouse::exportTable, request.table(), request.format());
        // A durable timer bounds the wait: it survives worker restarts and holds no thread.
        if (!Workflow.await(Duration.ofHours(request.windowStartsInHours()), exported::isCompleted)) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "the export window closed before the warehouse took the job", "ExportWindowClosed");
        }
        return exported.get();
    }
}
