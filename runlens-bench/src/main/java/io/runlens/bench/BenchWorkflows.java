package io.runlens.bench;

import io.runlens.support.temporal.TraceWorkflows;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's workflow: a real run whose history has exactly the number of events asked for. */
public final class BenchWorkflows {

    public static final String QUEUE = "bench";

    private BenchWorkflows() {}

    /** Registers the workflow and the test activities it calls on {@code worker}. */
    public static void register(io.temporal.worker.Worker worker) {
        worker.registerWorkflowImplementationTypes(SizedHistoryImpl.class, SizedRunningImpl.class, TickingImpl.class);
        worker.registerActivitiesImplementations(new TraceWorkflows.StepsImpl());
    }

    @WorkflowInterface
    public interface SizedHistory {
        /** Runs activities (and local activities to make up the rest) until the history has {@code events} events. */
        @WorkflowMethod
        int run(int events);
    }

    /**
     * Batches of parallel activities (the shape of {@link TraceWorkflows.ManyActivitiesImpl}, about three
     * events each), each batch small enough never to overshoot, then local activities (one marker event
     * each) for the last few events. The length is read from the workflow's own history, so replay agrees.
     */
    public static final class SizedHistoryImpl implements SizedHistory {
        private final TraceWorkflows.Steps steps = Workflow.newActivityStub(
                TraceWorkflows.Steps.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(60))
                        .build());
        private final TraceWorkflows.Steps local = Workflow.newLocalActivityStub(
                TraceWorkflows.Steps.class,
                LocalActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(10))
                        .build());

        @Override
        public int run(int events) {
            // Still to come after the last task: its WorkflowTaskCompleted and WorkflowExecutionCompleted.
            return grow(steps, local, events, 2);
        }
    }

    /**
     * Grows the calling workflow's history to {@code events} events, {@code closing} of them still to come
     * after the workflow task that returns (its WorkflowTaskCompleted, and whatever the workflow then adds).
     */
    static int grow(TraceWorkflows.Steps steps, TraceWorkflows.Steps local, int events, int closing) {
        int total = 0;
        int next = 0;
        while (true) {
            long remaining = events - Workflow.getInfo().getHistoryLength() - closing;
            // Worst case per activity: its three events plus a workflow task of its own for its result.
            int batch = (int) ((remaining - 3) / 6);
            if (batch <= 0) {
                break;
            }
            List<Promise<Integer>> sums = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                sums.add(Async.function(steps::add, next++, 1));
            }
            total += sums.stream().mapToInt(Promise::get).sum();
        }
        // Local activities completing within this workflow task add one MarkerRecorded event each.
        long markers = events - Workflow.getInfo().getHistoryLength() - closing;
        for (long i = 0; i < markers; i++) {
            total += local.add(next++, 1);
        }
        return total;
    }

    @WorkflowInterface
    public interface SizedRunning {
        /** Grows its history to {@code events} events, then waits for {@link #release}: running, and not moving. */
        @WorkflowMethod
        int run(int events);

        @SignalMethod
        void release();
    }

    /**
     * The live path's subject: a history of exactly {@code events} events like {@link SizedHistoryImpl}'s,
     * after which the workflow waits for a signal with no timer, so it stays RUNNING and its history,
     * describe answer and ETag stay the same until it is released.
     */
    public static final class SizedRunningImpl implements SizedRunning {
        private final TraceWorkflows.Steps steps = Workflow.newActivityStub(
                TraceWorkflows.Steps.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(60))
                        .build());
        private final TraceWorkflows.Steps local = Workflow.newLocalActivityStub(
                TraceWorkflows.Steps.class,
                LocalActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(10))
                        .build());
        private boolean released;

        @Override
        public int run(int events) {
            // Still to come after the last task: its WorkflowTaskCompleted only; the workflow then waits.
            int total = grow(steps, local, events, 1);
            Workflow.await(() -> released);
            return total;
        }

        @Override
        public void release() {
            released = true;
        }
    }

    @WorkflowInterface
    public interface Ticking {
        /** Stays running for {@code ticks} ticks: a timer, then an activity, every {@code everyMillis}. */
        @WorkflowMethod
        int run(int ticks, long everyMillis);
    }

    /** A running execution for the soak: its history grows and its ETag changes, and it is never cached. */
    public static final class TickingImpl implements Ticking {
        private final TraceWorkflows.Steps steps = Workflow.newActivityStub(
                TraceWorkflows.Steps.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(60))
                        .build());

        @Override
        public int run(int ticks, long everyMillis) {
            int total = 0;
            for (int i = 0; i < ticks; i++) {
                Workflow.sleep(Duration.ofMillis(everyMillis));
                total += steps.add(i, 1);
            }
            return total;
        }
    }
}
