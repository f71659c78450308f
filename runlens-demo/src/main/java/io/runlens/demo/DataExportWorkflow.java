package io.runlens.demo;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Exports a table to object storage during the nightly low-traffic window. */
@WorkflowInterface
public interface DataExportWorkflow {

    String TYPE = "DataExport";

    @WorkflowMethod(name = TYPE)
    String export(ExportRequest request);

    record ExportRequest(String table, String format, int windowStartsInHours) {}
}
