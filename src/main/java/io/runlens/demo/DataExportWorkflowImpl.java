package io.runlens.demo;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class DataExportWorkflowImpl implements DataExportWorkflow {

    private final BusinessActivities warehouse = Workflow.newActivityStub(BusinessActivities.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(30)).build());

    @Override
    public String export(ExportRequest request) {
        // A durable timer: the wait survives worker restarts and holds no thread.
        Workflow.sleep(Duration.ofHours(request.windowStartsInHours()));
        return warehouse.exportTable(request.table(), request.format());
    }
}
