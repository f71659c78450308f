package io.runlens.temporal;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A workflow that continues as new until its count runs out: one execution, several runs. */
public final class ChainWorkflows {

    private ChainWorkflows() {
    }

    static void register(io.temporal.worker.Worker worker) {
        worker.registerWorkflowImplementationTypes(CountdownImpl.class);
    }

    @WorkflowInterface
    public interface Countdown {
        @WorkflowMethod
        String run(int remaining);
    }

    public static final class CountdownImpl implements Countdown {
        @Override
        public String run(int remaining) {
            if (remaining > 1) {
                Workflow.continueAsNew(remaining - 1);
            }
            return "lift-off";
        }
    }
}
