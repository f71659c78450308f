package io.runlens.demo;

import io.runlens.demo.AgentActivities.ModelPrompt;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class ContentApprovalWorkflowImpl implements ContentApprovalWorkflow {

    private final ActivityOptions options = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .build();
    private final AgentActivities writer = Workflow.newActivityStub(AgentActivities.class, options);
    private final BusinessActivities cms = Workflow.newActivityStub(BusinessActivities.class, options);

    private Review review;

    @Override
    public Publication publish(Draft draft) {
        String body = writer.complete(
                        new ModelPrompt("gpt-4o-mini", "Write a short post in the brand voice.", draft.brief()))
                .text();
        // Reviews come from people: give them a working day, then give up on the post.
        boolean reviewed = Workflow.await(Duration.ofHours(8), () -> review != null);
        if (!reviewed || !review.approved()) {
            return new Publication(
                    draft.title(),
                    null,
                    reviewed ? review.reviewer() : null,
                    reviewed ? review.comment() : "no review within 8 hours",
                    body);
        }
        return new Publication(
                draft.title(),
                cms.publishPost(draft.channel(), draft.title()),
                review.reviewer(),
                review.comment(),
                body);
    }

    @Override
    public void review(Review review) {
        this.review = review;
    }
}
