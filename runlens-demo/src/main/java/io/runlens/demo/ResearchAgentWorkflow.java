package io.runlens.demo;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;
import java.util.Map;

/** An AI research agent: plans, searches the web, hands the sources to a summarizer child, answers with citations. */
@WorkflowInterface
public interface ResearchAgentWorkflow {

    String TYPE = "ResearchAgent";

    @WorkflowMethod(name = TYPE)
    Report research(Request request);

    record Request(String question, String model, List<String> tools, int maxSteps, Map<String, String> labels) {}

    record Report(String answer, List<Citation> citations, Usage usage, List<String> plan, String summaryWorkflowId) {}

    record Citation(String title, String url) {}

    record Usage(int promptTokens, int completionTokens) {}
}
