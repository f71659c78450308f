package io.runlens.support.temporal;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.client.ActivityCanceledException;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Small real workflows, one per kind of history event the trace builder groups. */
public final class TraceWorkflows {

    public static final String QUEUE = "trace-tests";

    private TraceWorkflows() {}

    /** Registers every workflow and activity of this class on {@code worker}. */
    public static void register(io.temporal.worker.Worker worker) {
        worker.registerWorkflowImplementationTypes(
                RetryingChargeImpl.class,
                ExhaustedRetriesImpl.class,
                TimesOutImpl.class,
                MixedImpl.class,
                CancelsActivityImpl.class,
                KeepsRetryingImpl.class,
                ManyActivitiesImpl.class,
                CheckoutImpl.class,
                PacedImpl.class);
        AtomicInteger flakyTasks = new AtomicInteger();
        worker.registerWorkflowImplementationFactory(FlakyCode.class, () -> new FlakyCodeImpl(flakyTasks));
        worker.registerActivitiesImplementations(new StepsImpl());
        PayloadWorkflows.register(worker);
        ChainWorkflows.register(worker);
    }

    public record Order(String orderId, int quantity, List<String> tags) {}

    public record Receipt(String orderId, String state, double total) {}

    @ActivityInterface
    public interface Steps {
        /** Fails on attempts 1 and 2, succeeds on 3. */
        @ActivityMethod
        Receipt charge(Order order);

        @ActivityMethod
        String alwaysFails(String reason);

        @ActivityMethod
        String slow(long millis);

        @ActivityMethod
        String heartbeatUntilCancelled(String label);

        @ActivityMethod
        int add(int a, int b);
    }

    public static final class StepsImpl implements Steps {
        @Override
        public Receipt charge(Order order) {
            int attempt = Activity.getExecutionContext().getInfo().getAttempt();
            if (attempt < 3) {
                throw ApplicationFailure.newFailure("card network busy (attempt " + attempt + ")", "CardNetworkBusy");
            }
            return new Receipt(order.orderId(), "charged", order.quantity() * 12.5);
        }

        @Override
        public String alwaysFails(String reason) {
            throw ApplicationFailure.newFailureWithCause(
                    "ledger rejected: " + reason,
                    "LedgerRejected",
                    new IllegalStateException("account locked"),
                    Map.of("account", "acc-9"));
        }

        @Override
        public String slow(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "late";
        }

        @Override
        public String heartbeatUntilCancelled(String label) {
            for (int i = 0; i < 600; i++) {
                try {
                    Activity.getExecutionContext().heartbeat(i);
                    Thread.sleep(50);
                } catch (ActivityCanceledException e) {
                    throw e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "interrupted";
                }
            }
            return "never cancelled";
        }

        @Override
        public int add(int a, int b) {
            return a + b;
        }
    }

    @WorkflowInterface
    public interface RetryingCharge {
        @WorkflowMethod
        Receipt run(Order order);
    }

    public static final class RetryingChargeImpl implements RetryingCharge {
        private final Steps steps = Workflow.newActivityStub(
                Steps.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(10))
                        .setRetryOptions(RetryOptions.newBuilder()
                                .setInitialInterval(Duration.ofMillis(10))
                                .setMaximumAttempts(5)
                                .build())
                        .build());

        @Override
        public Receipt run(Order order) {
            return steps.charge(order);
        }
    }

    @WorkflowInterface
    public interface ExhaustedRetries {
        @WorkflowMethod
        String run(String reason);
    }

    public static final class ExhaustedRetriesImpl implements ExhaustedRetries {
        private final Steps steps = Workflow.newActivityStub(
                Steps.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(10))
                        .setRetryOptions(RetryOptions.newBuilder()
                                .setInitialInterval(Duration.ofMillis(10))
                                .setMaximumAttempts(3)
                                .build())
                        .build());

        @Override
        public String run(String reason) {
            return steps.alwaysFails(reason);
        }
    }

    @WorkflowInterface
    public interface TimesOut {
        @WorkflowMethod
        String run();
    }

    public static final class TimesOutImpl implements TimesOut {
        private final Steps steps = Workflow.newActivityStub(
                Steps.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofMillis(300))
                        .setRetryOptions(
                                RetryOptions.newBuilder().setMaximumAttempts(1).build())
                        .build());

        @Override
        public String run() {
            try {
                return steps.slow(1500);
            } catch (ActivityFailure e) {
                return "fallback";
            }
        }
    }

    @WorkflowInterface
    public interface Mixed {
        @WorkflowMethod
        int run(int a, int b);

        @SignalMethod
        void approve(String approver);

        @UpdateMethod
        int bump(int by);
    }

    /** A local activity, a timer, a child workflow, then waits for a signal and an update. */
    public static final class MixedImpl implements Mixed {
        private final Steps local = Workflow.newLocalActivityStub(
                Steps.class,
                LocalActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(5))
                        .build());
        private String approver;
        private int bumps;

        @Override
        public int run(int a, int b) {
            int sum = local.add(a, b);
            Workflow.sleep(Duration.ofSeconds(30));
            RetryingCharge child = Workflow.newChildWorkflowStub(
                    RetryingCharge.class,
                    ChildWorkflowOptions.newBuilder()
                            .setWorkflowId(Workflow.getInfo().getWorkflowId() + "-child")
                            .build());
            child.run(new Order("child-order", 2, List.of("child")));
            Workflow.await(() -> approver != null && bumps > 0);
            return sum + bumps;
        }

        @Override
        public void approve(String approver) {
            this.approver = approver;
        }

        @Override
        public int bump(int by) {
            bumps += by;
            return bumps;
        }
    }

    @WorkflowInterface
    public interface CancelsActivity {
        @WorkflowMethod
        String run();
    }

    public static final class CancelsActivityImpl implements CancelsActivity {
        private final Steps steps = Workflow.newActivityStub(
                Steps.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(60))
                        .setHeartbeatTimeout(Duration.ofSeconds(1))
                        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                        .build());

        @Override
        public String run() {
            List<Promise<String>> export = new java.util.ArrayList<>();
            CancellationScope scope = Workflow.newCancellationScope(
                    () -> export.add(Async.function(steps::heartbeatUntilCancelled, "export")));
            scope.run();
            Workflow.sleep(Duration.ofMillis(500));
            scope.cancel();
            // WAIT_CANCELLATION_COMPLETED: this resolves once the activity has acknowledged the cancellation.
            return export.get(0)
                    .handle((result, failure) -> failure == null ? result : "done")
                    .get();
        }
    }

    @WorkflowInterface
    public interface KeepsRetrying {
        @WorkflowMethod
        String run(String reason);
    }

    public static final class KeepsRetryingImpl implements KeepsRetrying {
        private final Steps steps = Workflow.newActivityStub(
                Steps.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(10))
                        .setRetryOptions(RetryOptions.newBuilder()
                                .setInitialInterval(Duration.ofMillis(50))
                                .setBackoffCoefficient(1.0)
                                .setMaximumAttempts(1000)
                                .build())
                        .build());

        @Override
        public String run(String reason) {
            return steps.alwaysFails(reason);
        }
    }

    @WorkflowInterface
    public interface FlakyCode {
        @WorkflowMethod
        String run();
    }

    /** Its first workflow task throws (a bug in workflow code), the retried task succeeds. */
    public static final class FlakyCodeImpl implements FlakyCode {
        private final AtomicInteger tasks;

        public FlakyCodeImpl(AtomicInteger tasks) {
            this.tasks = tasks;
        }

        @Override
        public String run() {
            if (tasks.incrementAndGet() == 1) {
                throw new IllegalStateException("bug in workflow code");
            }
            return "recovered";
        }
    }

    @WorkflowInterface
    public interface ManyActivities {
        @WorkflowMethod
        int run(int count);
    }

    /** Runs {@code count} short activities in parallel: about three history events each. */
    public static final class ManyActivitiesImpl implements ManyActivities {
        private final Steps steps = Workflow.newActivityStub(
                Steps.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(30))
                        .build());

        @Override
        public int run(int count) {
            List<Promise<Integer>> sums = new java.util.ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                sums.add(Async.function(steps::add, i, 1));
            }
            return sums.stream().mapToInt(Promise::get).sum();
        }
    }

    @WorkflowInterface
    public interface Checkout {
        @WorkflowMethod
        Receipt run(Order order);
    }

    /**
     * A step per kind: a local activity, an activity that retries (with a summary), a child workflow,
     * and an activity cancelled before any worker picked it up.
     */
    public static final class CheckoutImpl implements Checkout {
        private final Steps local = Workflow.newLocalActivityStub(
                Steps.class,
                LocalActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(5))
                        .build());
        private final Steps charge = Workflow.newActivityStub(
                Steps.class,
                ActivityOptions.newBuilder()
                        .setSummary("Charge card")
                        .setStartToCloseTimeout(Duration.ofSeconds(10))
                        .setRetryOptions(RetryOptions.newBuilder()
                                .setInitialInterval(Duration.ofMillis(10))
                                .build())
                        .build());
        // No worker polls this queue: the activity is cancelled while still waiting to start.
        private final Steps unattended = Workflow.newActivityStub(
                Steps.class,
                ActivityOptions.newBuilder()
                        .setTaskQueue("nobody-polls-this")
                        .setStartToCloseTimeout(Duration.ofSeconds(10))
                        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                        .build());

        @Override
        public Receipt run(Order order) {
            int items = local.add(order.quantity(), 0);
            Receipt receipt = charge.charge(new Order(order.orderId(), items, order.tags()));
            RetryingCharge shipping = Workflow.newChildWorkflowStub(
                    RetryingCharge.class,
                    ChildWorkflowOptions.newBuilder()
                            .setWorkflowId(Workflow.getInfo().getWorkflowId() + "-ship")
                            .build());
            shipping.run(new Order(order.orderId() + "-ship", 1, List.of("shipping")));
            List<Promise<String>> gift = new java.util.ArrayList<>();
            CancellationScope wrap =
                    Workflow.newCancellationScope(() -> gift.add(Async.function(unattended::slow, 10L)));
            wrap.run();
            Workflow.sleep(Duration.ofMillis(200));
            wrap.cancel();
            gift.get(0).handle((result, failure) -> result).get();
            return receipt;
        }
    }

    @WorkflowInterface
    public interface Paced {
        /** Runs one activity per {@link #step} signal, in order, until {@link #finish}; returns the sum of their results. */
        @WorkflowMethod
        int run();

        @SignalMethod
        void step(int value);

        @SignalMethod
        void finish();
    }

    /** A workflow whose history grows only when the test says so: each step is a signal and an activity. */
    public static final class PacedImpl implements Paced {
        private final Steps steps = Workflow.newActivityStub(
                Steps.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(10))
                        .build());
        private final java.util.ArrayDeque<Integer> pending = new java.util.ArrayDeque<>();
        private boolean finished;

        @Override
        public int run() {
            int total = 0;
            while (true) {
                Workflow.await(() -> !pending.isEmpty() || finished);
                if (pending.isEmpty()) {
                    return total;
                }
                total += steps.add(pending.poll(), 1);
            }
        }

        @Override
        public void step(int value) {
            pending.add(value);
        }

        @Override
        public void finish() {
            finished = true;
        }
    }
}
