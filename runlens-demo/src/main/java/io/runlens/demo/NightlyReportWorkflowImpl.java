package io.runlens.demo;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class NightlyReportWorkflowImpl implements NightlyReportWorkflow {

    private final BusinessActivities renderer = Workflow.newActivityStub(
            BusinessActivities.class,
            ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(10))
                    .build());

    @Override
    public String render(Report report) {
        for (int section = 1; section <= report.sections(); section++) {
            renderer.renderSection(report.name(), section);
            Workflow.sleep(Duration.ofSeconds(report.secondsBetweenSections()));
        }
        return report.name() + ": " + report.sections() + " sections";
    }
}
