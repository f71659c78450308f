package io.runlens.demo;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Drafts a post with a language model, waits for a human review (a signal), then publishes it. */
@WorkflowInterface
public interface ContentApprovalWorkflow {

    String TYPE = "ContentApproval";

    String REVIEW_SIGNAL = "review";

    @WorkflowMethod(name = TYPE)
    Publication publish(Draft draft);

    @SignalMethod(name = REVIEW_SIGNAL)
    void review(Review review);

    record Draft(String channel, String title, String brief, String requestedBy) {}

    record Review(String reviewer, boolean approved, String comment) {}

    record Publication(String title, String url, String reviewedBy, String comment, String body) {}
}
