package io.runlens.demo;

import io.runlens.demo.AgentActivities.ModelPrompt;
import io.runlens.demo.AgentActivities.ModelReply;
import io.runlens.demo.AgentActivities.Source;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

public class ResearchAgentWorkflowImpl implements ResearchAgentWorkflow {

    /** Suffix of the summarizer child's workflow id, so the platform can find the child it did not start itself. */
    static final String SUMMARY_SUFFIX = "-summary";

    private final AgentActivities planner = Workflow.newLocalActivityStub(
            AgentActivities.class,
            LocalActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(5))
                    .build());

    private final AgentActivities agent = Workflow.newActivityStub(
            AgentActivities.class,
            ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(10))
                    .setRetryOptions(RetryOptions.newBuilder()
                            .setInitialInterval(Duration.ofMillis(500))
                            .setBackoffCoefficient(2)
                            .setMaximumAttempts(5)
                            .build())
                    .build());

    @Override
    public Report research(Request request) {
        List<String> plan = planner.planResearch(request.question());
        List<Source> sources = agent.searchWeb(request.question());

        String summaryWorkflowId = Workflow.getInfo().getWorkflowId() + SUMMARY_SUFFIX;
        SummarizeDocumentWorkflow summarizer = Workflow.newChildWorkflowStub(
                SummarizeDocumentWorkflow.class,
                ChildWorkflowOptions.newBuilder()
                        .setWorkflowId(summaryWorkflowId)
                        .build());
        SummarizeDocumentWorkflow.Summary summary = summarizer.summarize(new SummarizeDocumentWorkflow.Document(
                request.model(),
                sources.stream().map(Source::snippet).collect(Collectors.joining(" ")),
                sources.stream().map(Source::url).toList()));

        // Model providers cap requests per minute; a durable timer waits without holding a worker thread.
        Workflow.sleep(Duration.ofSeconds(2));

        ModelReply answer = agent.complete(new ModelPrompt(
                request.model(),
                "Answer in two sentences and cite the sources.",
                summary.text() + " Question: " + request.question()));
        return new Report(
                answer.text(),
                sources.stream()
                        .map(source -> new Citation(source.title(), source.url()))
                        .toList(),
                new Usage(
                        summary.promptTokens() + answer.promptTokens(),
                        summary.completionTokens() + answer.completionTokens()),
                plan,
                summaryWorkflowId);
    }
}
