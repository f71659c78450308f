package io.runlens.demo;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class SupportInboxWorkflowImpl implements SupportInboxWorkflow {

    // No attempt limit: a CRM outage must not end the agent, the sync resumes whenever the CRM is back.
    private final AgentActivities crm = Workflow.newActivityStub(
            AgentActivities.class,
            ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(10))
                    .setRetryOptions(RetryOptions.newBuilder()
                            .setInitialInterval(Duration.ofSeconds(1))
                            .setBackoffCoefficient(2)
                            .setMaximumInterval(Duration.ofMinutes(1))
                            .build())
                    .build());

    private String operator;

    @Override
    public String watch(InboxSettings settings) {
        Async.function(crm::syncCrmContacts, settings.inbox());
        Workflow.await(() -> operator != null);
        return "handed off to " + operator;
    }

    @Override
    public void handOff(String operator) {
        this.operator = operator;
    }
}
