package io.runlens.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.runlens.config.RunlensConfig;
import io.runlens.execution.ColumnConfig;
import io.runlens.execution.ExecutionRecord;
import io.runlens.execution.ExecutionRepository;
import io.runlens.execution.ExecutionStatus;
import io.smallrye.mutiny.Uni;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The demo's writes to the execution table, as a platform makes them: a row pending before its run
 * starts, running once Temporal has the run, and the run's outcome when it closes. Each write is its own
 * transaction, awaited: the callers are the start-up thread and the demo's row writer, never an event loop.
 */
final class DemoRows {

    // Temporal's own mapper, so a row's payload is the JSON that Temporal stores as the workflow input.
    static final ObjectMapper TEMPORAL_JSON = JacksonJsonPayloadConverter.newDefaultObjectMapper();

    private final ExecutionRepository repository;
    private final DemoTemporal temporal;
    private final RunlensConfig runlens;
    private final Pool pool;

    DemoRows(ExecutionRepository repository, DemoTemporal temporal, RunlensConfig runlens, Pool pool) {
        this.repository = repository;
        this.temporal = temporal;
        this.runlens = runlens;
        this.pool = pool;
    }

    /**
     * A pending row of organization {@value DemoExecutions#ORGANIZATION}, not yet written. Its Temporal
     * workflow id is its own id unless the caller gives a readable one.
     */
    ExecutionRecord newRow(String workflowType, String workflowId, JsonNode payload) {
        ExecutionRecord row = new ExecutionRecord();
        row.id = UUID.randomUUID();
        row.organizationId = DemoExecutions.ORGANIZATION;
        row.workflowId = workflowId;
        row.temporalNamespace = runlens.temporal().namespace();
        row.temporalWorkflowId = row.id.toString();
        row.taskQueue = DemoTemporal.TASK_QUEUE;
        row.workflowType = workflowType;
        row.status = ExecutionStatus.PENDING;
        row.payload = payload;
        return row;
    }

    /**
     * Deletes every execution row of organization {@value DemoExecutions#ORGANIZATION}: the rows an earlier
     * start left behind, whose in-process Temporal (and so their history) went away with it. Other
     * organizations' rows are untouched. The runs Runlens remembered for them ({@code execution_run}, a
     * cache of Temporal facts) go first. Returns how many execution rows went.
     */
    long removeOrganizationRows() {
        String knownRuns = '"' + runlens.db().schema().replace("\"", "\"\"") + "\".execution_run";
        try {
            VertxContextSupport.subscribeAndAwait(
                    () -> pool.preparedQuery("delete from " + knownRuns + " where organization_id = $1")
                            .execute(Tuple.of(DemoExecutions.ORGANIZATION)));
        } catch (Throwable e) {
            throw new IllegalStateException("could not remove the demo's remembered runs", e);
        }
        return transaction(() -> repository.delete("organizationId", DemoExecutions.ORGANIZATION));
    }

    void insert(ExecutionRecord row) {
        transaction(() -> repository.persist(row));
    }

    void markRunning(UUID id, String temporalRunId, Instant startedAt) {
        transaction(() -> repository.findById(id).invoke(started -> {
            started.status = ExecutionStatus.RUNNING;
            started.temporalRunId = temporalRunId;
            started.startedAt = startedAt;
        }));
    }

    /**
     * Closes the row: completed with the result, cancelled by {@value DemoExecutions#CANCELLED_BY}, or failed
     * with the innermost cause's message. {@code columnConfig}, when not null, replaces the row's columns.
     */
    ExecutionStatus recordOutcome(UUID id, JsonNode result, Throwable cause, Instant now, JsonNode columnConfig) {
        return transaction(() -> repository.findById(id).map(row -> {
            if (cause == null) {
                row.status = ExecutionStatus.COMPLETED;
                row.result = result;
            } else if (isCancellation(cause)) {
                row.status = ExecutionStatus.CANCELLED;
                row.cancelledAt = now;
                row.cancelledBy = DemoExecutions.CANCELLED_BY;
            } else {
                row.status = ExecutionStatus.FAILED;
                row.error = rootMessage(cause);
            }
            row.completedAt = now;
            if (columnConfig != null) {
                row.columnConfig = columnConfig;
            }
            return row.status;
        }));
    }

    /**
     * The invoice table's columns: one per ledger posting. Activity ids are chosen by the SDK, so the
     * mapping is recorded once the run has scheduled its steps, as a platform's table view would.
     */
    JsonNode ledgerColumns(DemoExecutions.DemoExecution execution) {
        List<Map<String, String>> columns = new ArrayList<>();
        for (var event :
                temporal.client().fetchHistory(execution.temporalWorkflowId()).getEvents()) {
            if (event.hasActivityTaskScheduledEventAttributes()) {
                var scheduled = event.getActivityTaskScheduledEventAttributes();
                columns.add(Map.of(
                        "column",
                        "journal_entry_" + (columns.size() + 1),
                        "step_id",
                        scheduled.getActivityId(),
                        "path",
                        "/value"));
            }
        }
        return columnConfig(columns);
    }

    // Checked as it is written: a broken pointer fails here, never when the row is read.
    static JsonNode columnConfig(List<Map<String, String>> columns) {
        JsonNode config = TEMPORAL_JSON.valueToTree(columns);
        ColumnConfig.parse(config);
        return config;
    }

    // Hibernate Reactive needs a Vert.x context; this thread is never an event loop, so waiting is fine.
    private static <T> T transaction(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("demo row write failed", e);
        }
    }

    private static boolean isCancellation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CanceledFailure) {
                return true;
            }
        }
        return false;
    }

    // The innermost cause says what went wrong; the outer ones only say where.
    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root instanceof TemporalFailure temporalFailure
                ? temporalFailure.getOriginalMessage()
                : root.getMessage();
    }
}
