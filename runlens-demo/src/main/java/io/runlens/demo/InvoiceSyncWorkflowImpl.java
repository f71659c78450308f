package io.runlens.demo;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

public class InvoiceSyncWorkflowImpl implements InvoiceSyncWorkflow {

    // Three attempts: enough for a ledger hiccup, few enough that a real rejection fails the run quickly.
    private final BusinessActivities ledger = Workflow.newActivityStub(
            BusinessActivities.class,
            ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(10))
                    .setRetryOptions(RetryOptions.newBuilder()
                            .setInitialInterval(Duration.ofMillis(500))
                            .setBackoffCoefficient(2)
                            .setMaximumAttempts(3)
                            .build())
                    .build());

    @Override
    public Result sync(Request request) {
        List<Posting> postings = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Invoice invoice : request.invoices()) {
            postings.add(new Posting(invoice.number(), ledger.postToLedger(request.accountId(), invoice)));
            total = total.add(invoice.amount());
        }
        return new Result(request.accountId(), request.period(), postings, total);
    }
}
