package io.runlens.demo;

import io.runlens.demo.AgentActivities.ModelPrompt;
import io.runlens.demo.AgentActivities.ModelReply;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class SummarizeDocumentWorkflowImpl implements SummarizeDocumentWorkflow {

    private final AgentActivities model = Workflow.newActivityStub(
            AgentActivities.class,
            ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(30))
                    .build());

    @Override
    public Summary summarize(Document document) {
        ModelReply reply =
                model.complete(new ModelPrompt(document.model(), "Summarize for an analyst.", document.text()));
        return new Summary(
                reply.text(),
                reply.promptTokens(),
                reply.completionTokens(),
                document.sourceUrls().size());
    }
}
