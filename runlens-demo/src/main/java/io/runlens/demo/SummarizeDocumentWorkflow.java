package io.runlens.demo;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/** Summarizes collected sources with a language model; the research agent runs it as a child workflow. */
@WorkflowInterface
public interface SummarizeDocumentWorkflow {

    String TYPE = "SummarizeDocument";

    @WorkflowMethod(name = TYPE)
    Summary summarize(Document document);

    record Document(String model, String text, List<String> sourceUrls) {}

    record Summary(String text, int promptTokens, int completionTokens, int sourceCount) {}
}
