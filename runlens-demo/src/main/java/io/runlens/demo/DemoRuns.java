package io.runlens.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.runlens.demo.DemoExecutions.DemoExecution;
import io.runlens.execution.ExecutionRecord;
import io.runlens.execution.ExecutionStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Starts the demo's runs in the platform's order (the row first, pending; then the Temporal run; then
 * the row says running) and follows each to its end, so its row closes when Temporal closes the run, the
 * way a platform's result listener would. Also records a child workflow once its parent has started
 * it, and does what the demo schedules for later (a signal, a cancel). {@link #stop()} ends all of it.
 */
final class DemoRuns {

    // The category stays DemoExecutions, the demo's face to the rest of the module: the log reads as it did.
    private static final Logger LOG = Logger.getLogger(DemoExecutions.class);

    private static final int CHILD_LOOKUPS = 100;
    private static final Duration CHILD_LOOKUP_INTERVAL = Duration.ofMillis(200);

    /** A started run: its execution, and the stub to signal or cancel it with. */
    record Started(DemoExecution execution, WorkflowStub stub) {}

    private final DemoTemporal temporal;
    private final DemoRows rows;
    private final Consumer<DemoExecution> started;

    // Row updates leave Temporal's callback threads: they block while the transaction runs.
    private final ExecutorService rowWriter =
            Executors.newSingleThreadExecutor(task -> new Thread(task, "runlens-demo-rows"));
    private volatile boolean stopping;

    /** {@code started} hears of every execution whose row is written, in that order. */
    DemoRuns(DemoTemporal temporal, DemoRows rows, Consumer<DemoExecution> started) {
        this.temporal = temporal;
        this.rows = rows;
        this.started = started;
    }

    /** A run on the demo's worker; {@code temporalWorkflowId} null means the row's id. */
    Started start(
            String workflowType,
            String workflowId,
            String temporalWorkflowId,
            Object input,
            Consumer<ExecutionRecord> details) {
        return start(
                workflowType,
                workflowId,
                temporalWorkflowId,
                input,
                details,
                temporal.client(),
                DemoTemporal.TASK_QUEUE);
    }

    // The platform's order: the row first (pending), then the Temporal run, then the row says running.
    Started start(
            String workflowType,
            String workflowId,
            String temporalWorkflowId,
            Object input,
            Consumer<ExecutionRecord> details,
            WorkflowClient client,
            String taskQueue) {
        ExecutionRecord row = rows.newRow(workflowType, workflowId, DemoRows.TEMPORAL_JSON.valueToTree(input));
        row.taskQueue = taskQueue;
        if (temporalWorkflowId != null) {
            row.temporalWorkflowId = temporalWorkflowId;
        }
        details.accept(row);
        rows.insert(row);

        WorkflowOptions.Builder options =
                WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(row.temporalWorkflowId);
        if (row.runTimeoutSeconds != null) {
            options.setWorkflowRunTimeout(Duration.ofSeconds(row.runTimeoutSeconds));
        }
        WorkflowStub stub = client.newUntypedWorkflowStub(workflowType, options.build());
        WorkflowExecution run = stub.start(input);
        rows.markRunning(row.id, run.getRunId(), Instant.now());

        DemoExecution execution = new DemoExecution(row.id, workflowId, row.temporalWorkflowId);
        started.accept(execution);
        follow(execution, stub);
        return new Started(execution, stub);
    }

    // A request the platform accepted but has not handed to Temporal yet.
    void queue(String workflowId, String workflowType, JsonNode payload, Consumer<ExecutionRecord> details) {
        ExecutionRecord row = rows.newRow(workflowType, workflowId, payload);
        details.accept(row);
        rows.insert(row);
        started.accept(new DemoExecution(row.id, workflowId, null));
    }

    /**
     * A run that {@code parent}'s workflow starts itself: once Temporal knows it, its row is written
     * (running, under {@code parent}, with {@code details}) and it is followed like the others.
     */
    void followChild(
            DemoExecution parent, String childWorkflowId, String workflowId, Consumer<ExecutionRecord> details) {
        whenStarted(childWorkflowId, CHILD_LOOKUPS)
                .thenAcceptAsync(
                        description -> recordChild(parent, childWorkflowId, workflowId, details, description),
                        rowWriter)
                .exceptionally(failure -> {
                    if (!stopping) {
                        LOG.warnf(failure, "Could not record the child workflow %s", childWorkflowId);
                    }
                    return null;
                });
    }

    /** Runs {@code action} after {@code delay} unless the demo is stopping by then; logs what it could not do. */
    void later(Duration delay, String what, Runnable action) {
        CompletableFuture.runAsync(
                        () -> {
                            if (!stopping) {
                                action.run();
                            }
                        },
                        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS))
                .exceptionally(failure -> {
                    LOG.warnf(failure, "The demo could not %s", what);
                    return null;
                });
    }

    /** Stops following the runs; their rows stay as they are. */
    void stop() {
        stopping = true;
        rowWriter.shutdown();
        try {
            rowWriter.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void follow(DemoExecution execution, WorkflowStub stub) {
        stub.getResultAsync(JsonNode.class)
                .whenCompleteAsync((result, failure) -> finish(execution, result, failure), rowWriter);
    }

    private void finish(DemoExecution execution, JsonNode result, Throwable failure) {
        // Closing the client at shutdown fails the pending result calls; that is not the runs' outcome.
        if (stopping) {
            return;
        }
        JsonNode ledgerColumns = execution.workflowId().equals("invoice-sync") ? rows.ledgerColumns(execution) : null;
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        Instant now = Instant.now();
        try {
            ExecutionStatus status = rows.recordOutcome(execution.id(), result, cause, now, ledgerColumns);
            LOG.infof(
                    "Demo execution %s (%s, %s) is %s",
                    execution.id(), execution.workflowId(), execution.temporalWorkflowId(), status.word());
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not record the outcome of demo execution %s", execution.id());
        }
    }

    private CompletableFuture<WorkflowExecutionDescription> whenStarted(String workflowId, int lookupsLeft) {
        WorkflowClient client = temporal.client();
        return CompletableFuture.supplyAsync(
                        () -> client.newUntypedWorkflowStub(workflowId).describe(),
                        CompletableFuture.delayedExecutor(CHILD_LOOKUP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS))
                .thenApply(CompletableFuture::completedFuture)
                .exceptionally(failure -> lookupsLeft > 1 && !stopping
                        ? whenStarted(workflowId, lookupsLeft - 1)
                        : CompletableFuture.failedFuture(failure))
                .thenCompose(Function.identity());
    }

    private void recordChild(
            DemoExecution parent,
            String childWorkflowId,
            String workflowId,
            Consumer<ExecutionRecord> details,
            WorkflowExecutionDescription description) {
        WorkflowClient client = temporal.client();
        WorkflowExecution run = description.getExecution();
        JsonNode input = client.getOptions()
                .getDataConverter()
                .fromPayloads(
                        0,
                        Optional.of(client.fetchHistory(childWorkflowId, run.getRunId())
                                .getEvents()
                                .get(0)
                                .getWorkflowExecutionStartedEventAttributes()
                                .getInput()),
                        JsonNode.class,
                        JsonNode.class);
        ExecutionRecord row = rows.newRow(description.getWorkflowType(), workflowId, input);
        row.temporalWorkflowId = childWorkflowId;
        row.temporalRunId = run.getRunId();
        row.status = ExecutionStatus.RUNNING;
        row.createdAt = description.getStartTime();
        row.startedAt = description.getStartTime();
        row.parentExecutionId = parent.id();
        row.rootExecutionId = parent.id();
        details.accept(row);
        rows.insert(row);
        DemoExecution child = new DemoExecution(row.id, row.workflowId, childWorkflowId);
        started.accept(child);
        follow(
                child,
                client.newUntypedWorkflowStub(
                        childWorkflowId, Optional.of(run.getRunId()), Optional.of(description.getWorkflowType())));
    }
}
