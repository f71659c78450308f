package io.runlens.demo;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class KycCheckWorkflowImpl implements KycCheckWorkflow {

    private final BusinessActivities bureau = Workflow.newActivityStub(
            BusinessActivities.class,
            ActivityOptions.newBuilder()
                    .setSummary("Verify identity")
                    .setStartToCloseTimeout(Duration.ofSeconds(10))
                    .build());

    @Override
    public Verdict check(Applicant applicant) {
        return bureau.verifyIdentity(applicant);
    }
}
