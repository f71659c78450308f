package io.runlens.demo;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class LeadEnrichmentWorkflowImpl implements LeadEnrichmentWorkflow {

    /** How long the bureau's webhook gets per attempt before the attempt times out. */
    static final Duration CREDIT_CHECK_TIMEOUT = Duration.ofSeconds(2);

    private final BusinessActivities crm = Workflow.newActivityStub(
            BusinessActivities.class,
            ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(10))
                    .build());

    private final BusinessActivities bureau = Workflow.newActivityStub(
            BusinessActivities.class,
            ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(CREDIT_CHECK_TIMEOUT)
                    .setRetryOptions(RetryOptions.newBuilder()
                            .setInitialInterval(Duration.ofSeconds(1))
                            .setMaximumAttempts(2)
                            .build())
                    .build());

    @Override
    public EnrichedLead enrich(Lead lead) {
        CompanyProfile company = crm.lookupCompany(lead.companyDomain());
        try {
            String report = bureau.requestCreditCheck(lead.companyDomain());
            return new EnrichedLead(lead.email(), company, report, "sales-fast-lane");
        } catch (ActivityFailure failure) {
            if (!(failure.getCause() instanceof TimeoutFailure)) {
                throw failure;
            }
            // A lead is worth more late than lost: route it to a human instead of failing the run.
            return new EnrichedLead(
                    lead.email(),
                    company,
                    "unavailable: the credit bureau did not answer within " + CREDIT_CHECK_TIMEOUT.toSeconds() + "s",
                    "manual-review");
        }
    }
}
