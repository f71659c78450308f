package io.runlens.support.temporal;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Workflows of one execution spanning several runs: one that continues as new until its count runs
 * out, and one whose first attempt fails so that its retry policy reruns it.
 */
public final class ChainWorkflows {

    private ChainWorkflows() {}

    public static void register(io.temporal.worker.Worker worker) {
        worker.registerWorkflowImplementationTypes(CountdownImpl.class, SecondTimeLuckyImpl.class);
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

    @WorkflowInterface
    public interface SecondTimeLucky {
        @WorkflowMethod
        String run(String order);
    }

    /** Fails its first attempt; started with a retry policy, Temporal runs it again as a new run of the chain. */
    public static final class SecondTimeLuckyImpl implements SecondTimeLucky {
        @Override
        public String run(String order) {
            if (Workflow.getInfo().getAttempt() < 2) {
                throw io.temporal.failure.ApplicationFailure.newFailure(
                        "the first attempt of " + order + " fails", "FirstAttempt");
            }
            return "shipped " + order;
        }
    }
}
