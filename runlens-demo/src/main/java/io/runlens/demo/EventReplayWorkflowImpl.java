package io.runlens.demo;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class EventReplayWorkflowImpl implements EventReplayWorkflow {

    private final BusinessActivities log = Workflow.newActivityStub(
            BusinessActivities.class,
            ActivityOptions.newBuilder()
                    .setSummary("Replay one batch")
                    .setStartToCloseTimeout(Duration.ofSeconds(10))
                    .build());

    @Override
    public int replay(Progress progress) {
        int replayed = progress.replayed() + log.replayBatch(progress.source(), progress.batch());
        if (progress.batch() < progress.batches()) {
            // Each batch is a fresh run of the same workflow id: one execution, a chain of runs.
            Workflow.continueAsNew(new Progress(progress.source(), progress.batch() + 1, progress.batches(), replayed));
        }
        return replayed;
    }
}
