package io.runlens.demo;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Replays an event log in batches, continuing as new after each so no run's history grows large. */
@WorkflowInterface
public interface EventReplayWorkflow {

    String TYPE = "EventReplay";

    @WorkflowMethod(name = TYPE)
    int replay(Progress progress);

    record Progress(String source, int batch, int batches, int replayed) {}
}
