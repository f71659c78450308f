package io.runlens.demo;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Renders a long report section by section: a run that keeps going for minutes, to watch live. */
@WorkflowInterface
public interface NightlyReportWorkflow {

    String TYPE = "NightlyReport";

    @WorkflowMethod(name = TYPE)
    String render(Report report);

    record Report(String name, int sections, int secondsBetweenSections) {}
}
