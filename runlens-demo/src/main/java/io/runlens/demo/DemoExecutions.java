package io.runlens.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.runlens.config.RunlensConfig;
import io.runlens.execution.ColumnConfig;
import io.runlens.execution.ExecutionRecord;
import io.runlens.execution.ExecutionRepository;
import io.runlens.execution.ExecutionStatus;
import io.smallrye.mutiny.Uni;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Starts the sample workflows for organization {@value #ORGANIZATION} and keeps their execution
 * rows in step with Temporal, the way a platform's API and its result listener would.
 */
@ApplicationScoped
public class DemoExecutions {

    /** Organization that owns every demo row. */
    public static final String ORGANIZATION = "demo";

    /** Who the demo records as having cancelled the export. */
    public static final String CANCELLED_BY = "demo";

    /** Delay before the reviewer approves the post (the signal). */
    static final Duration REVIEW_AFTER = Duration.ofSeconds(3);

    /** Delay before the export is cancelled. */
    static final Duration CANCEL_AFTER = Duration.ofSeconds(2);

    private static final Logger LOG = Logger.getLogger(DemoExecutions.class);

    // Temporal's own mapper, so a row's payload is the JSON that Temporal stores as the workflow input.
    private static final ObjectMapper TEMPORAL_JSON = JacksonJsonPayloadConverter.newDefaultObjectMapper();

    private static final String DEPLOYMENT = "deploy-2026-11-24.3";
    private static final int CHILD_LOOKUPS = 100;
    /** The nightly report renders this many sections, three seconds apart: about two minutes to watch live. */
    static final int REPORT_SECTIONS = 40;

    private static final Duration CHILD_LOOKUP_INTERVAL = Duration.ofMillis(200);

    private final ExecutionRepository repository;
    private final DemoTemporal temporal;
    private final RunlensConfig runlens;
    private final List<DemoExecution> executions = new CopyOnWriteArrayList<>();

    // Row updates leave Temporal's callback threads: they block while the transaction runs.
    private ExecutorService rowWriter;
    private volatile boolean stopping;

    public DemoExecutions(ExecutionRepository repository, DemoTemporal temporal, RunlensConfig runlens) {
        this.repository = repository;
        this.temporal = temporal;
        this.runlens = runlens;
    }

    /**
     * One execution the demo created: its row id, the platform's workflow definition id, and its
     * Temporal workflow id ({@code null} for the queued one that never started).
     */
    public record DemoExecution(UUID id, String workflowId, String temporalWorkflowId) {}

    /** Every execution started so far, in start order (the summarizer child joins once Temporal has started it). */
    public List<DemoExecution> executions() {
        return List.copyOf(executions);
    }

    /** The first execution of a workflow definition. */
    public Optional<DemoExecution> first(String workflowId) {
        return executions.stream()
                .filter(e -> e.workflowId().equals(workflowId))
                .findFirst();
    }

    /** Writes the rows and starts the runs; blocks, so call it from a worker or the main thread. */
    void startAll() {
        rowWriter = Executors.newSingleThreadExecutor(task -> new Thread(task, "runlens-demo-rows"));
        // Readable workflow ids must not collide with the rows of an earlier demo start in the same schema.
        long n = Instant.now().getEpochSecond() % 100_000;

        Started research = start(
                ResearchAgentWorkflow.TYPE,
                "research-agent",
                null,
                new ResearchAgentWorkflow.Request(
                        "How do durable execution engines keep AI agents reliable when tools fail?",
                        "gpt-4o",
                        List.of("web_search", "summarize"),
                        8,
                        Map.of("team", "growth", "priority", "high")),
                row -> {
                    row.userId = "user-ada";
                    row.sessionId = "sess-7f3a91";
                    row.deploymentId = DEPLOYMENT;
                    row.queueName = "agents";
                    row.concurrencyKey = "user-ada";
                    row.runTimeoutSeconds = 600;
                    row.triggerEventName = "chat.message.created";
                    row.outputSchemaName = "ResearchReport";
                    // The summarizer child's workflow id is known before it starts: map its output to columns now.
                    row.columnConfig = columnConfig(List.of(
                            Map.of(
                                    "column",
                                    "summary",
                                    "step_id",
                                    row.temporalWorkflowId + ResearchAgentWorkflowImpl.SUMMARY_SUFFIX,
                                    "path",
                                    "/text"),
                            Map.of(
                                    "column",
                                    "sources",
                                    "step_id",
                                    row.temporalWorkflowId + ResearchAgentWorkflowImpl.SUMMARY_SUFFIX,
                                    "path",
                                    "/sourceCount")));
                });
        followChild(
                research.execution(),
                research.execution().temporalWorkflowId() + ResearchAgentWorkflowImpl.SUMMARY_SUFFIX);

        start(
                InvoiceSyncWorkflow.TYPE,
                "invoice-sync",
                "invoice-sync-" + n,
                new InvoiceSyncWorkflow.Request(
                        "acme-eu",
                        "netsuite",
                        "2026-10",
                        List.of(
                                new InvoiceSyncWorkflow.Invoice(
                                        "INV-2041", "Globex GmbH", new BigDecimal("1200.00"), "EUR", "2026-11-30"),
                                new InvoiceSyncWorkflow.Invoice(
                                        "INV-2042", "Initech SARL", new BigDecimal("86.50"), "EUR", "2026-11-30"))),
                row -> {
                    row.queueName = "automations";
                    row.batchId = "billing-2026-10";
                    row.concurrencyKey = "acme-eu";
                    row.triggerEventName = "schedule.monthly";
                    row.deploymentId = DEPLOYMENT;
                });
        start(
                InvoiceSyncWorkflow.TYPE,
                "invoice-sync",
                "invoice-sync-" + (n + 1),
                new InvoiceSyncWorkflow.Request(
                        "acme-us",
                        "netsuite",
                        "2026-10",
                        List.of(
                                new InvoiceSyncWorkflow.Invoice(
                                        "INV-3107", "Hooli Inc.", new BigDecimal("540.00"), "USD", "2026-11-30"),
                                new InvoiceSyncWorkflow.Invoice(
                                        "INV-3108", "Umbrella AG", new BigDecimal("99.00"), "CHF", "2026-11-30"))),
                row -> {
                    row.queueName = "automations";
                    row.batchId = "billing-2026-10";
                    row.concurrencyKey = "acme-us";
                    row.triggerEventName = "schedule.monthly";
                });
        start(
                LeadEnrichmentWorkflow.TYPE,
                "lead-enrichment",
                null,
                new LeadEnrichmentWorkflow.Lead(
                        "dana@initech.example", "initech.example", "webinar-2026-11", List.of("enterprise", "emea")),
                row -> row.triggerEventName = "crm.contact.created");
        Started approval = start(
                ContentApprovalWorkflow.TYPE,
                "content-approval",
                "content-approval-" + n,
                new ContentApprovalWorkflow.Draft(
                        "blog",
                        "How we cut agent failures by 80%",
                        "Announce retry policies and durable timers for our agents. Keep it under 200 words.",
                        "user-ada"),
                row -> {
                    row.userId = "user-ada";
                    row.sessionId = "sess-7f3a91";
                    row.runTimeoutSeconds = 86_400;
                });
        start(
                SupportInboxWorkflow.TYPE,
                "support-inbox-agent",
                "support-inbox-acme-" + n,
                new SupportInboxWorkflow.InboxSettings("support@acme.example", "claude-sonnet", 30),
                row -> {
                    row.queueName = "agents";
                    row.deploymentId = DEPLOYMENT;
                    row.concurrencyKey = "support@acme.example";
                });
        Started export = start(
                DataExportWorkflow.TYPE,
                "data-export",
                null,
                new DataExportWorkflow.ExportRequest("orders", "parquet", 6),
                row -> {
                    row.userId = "user-grace";
                    row.triggerEventName = "dashboard.export.requested";
                });
        start(
                EventReplayWorkflow.TYPE,
                "event-replay",
                "event-replay-" + n,
                new EventReplayWorkflow.Progress("orders-2026-11", 1, 3, 0),
                row -> row.triggerEventName = "ops.replay.requested");
        start(
                NightlyReportWorkflow.TYPE,
                "nightly-report",
                "nightly-report-" + n,
                new NightlyReportWorkflow.Report("revenue-2026-11-24", REPORT_SECTIONS, 3),
                row -> row.queueName = "reports");
        start(
                KycCheckWorkflow.TYPE,
                "kyc-check",
                "kyc-check-" + n,
                new KycCheckWorkflow.Applicant("Grace Hopper", "1906-12-09", "P-4471-0923", "US", "tok-live-5f2a"),
                // The platform keeps no plaintext of encrypted executions.
                row -> row.payload = null,
                temporal.sealedClient(),
                DemoTemporal.SEALED_TASK_QUEUE);
        ObjectNode digest = TEMPORAL_JSON.createObjectNode().put("week", "2026-W48");
        digest.putArray("recipients").add("ada@acme.example").add("grace@acme.example");
        queue("weekly-digest", "WeeklyDigest", digest);

        later(
                REVIEW_AFTER,
                "send the review signal",
                () -> approval.stub()
                        .signal(
                                ContentApprovalWorkflow.REVIEW_SIGNAL,
                                new ContentApprovalWorkflow.Review(
                                        "user-grace", true, "Ship it, the retry graph tells the story.")));
        later(CANCEL_AFTER, "cancel the export", () -> export.stub().cancel("superseded by a newer export request"));
    }

    /** Stops following the runs; their rows stay as they are. */
    void stop() {
        stopping = true;
        if (rowWriter != null) {
            rowWriter.shutdown();
            try {
                rowWriter.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Started(DemoExecution execution, WorkflowStub stub) {}

    // The platform's order: the row first (pending), then the Temporal run, then the row says running.
    private Started start(
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

    private Started start(
            String workflowType,
            String workflowId,
            String temporalWorkflowId,
            Object input,
            Consumer<ExecutionRecord> details,
            WorkflowClient client,
            String taskQueue) {
        ExecutionRecord row = newRow(workflowType, workflowId, TEMPORAL_JSON.valueToTree(input));
        row.taskQueue = taskQueue;
        if (temporalWorkflowId != null) {
            row.temporalWorkflowId = temporalWorkflowId;
        }
        details.accept(row);
        transaction(() -> repository.persist(row));

        WorkflowOptions.Builder options =
                WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(row.temporalWorkflowId);
        if (row.runTimeoutSeconds != null) {
            options.setWorkflowRunTimeout(Duration.ofSeconds(row.runTimeoutSeconds));
        }
        WorkflowStub stub = client.newUntypedWorkflowStub(workflowType, options.build());
        WorkflowExecution run = stub.start(input);
        Instant startedAt = Instant.now();
        transaction(() -> repository.findById(row.id).invoke(started -> {
            started.status = ExecutionStatus.RUNNING;
            started.temporalRunId = run.getRunId();
            started.startedAt = startedAt;
        }));

        DemoExecution execution = new DemoExecution(row.id, workflowId, row.temporalWorkflowId);
        executions.add(execution);
        follow(execution, stub);
        return new Started(execution, stub);
    }

    // A request the platform accepted but has not handed to Temporal yet.
    private void queue(String workflowId, String workflowType, JsonNode payload) {
        ExecutionRecord row = newRow(workflowType, workflowId, payload);
        row.queueName = "digests";
        row.userId = "user-grace";
        transaction(() -> repository.persist(row));
        executions.add(new DemoExecution(row.id, workflowId, null));
    }

    private ExecutionRecord newRow(String workflowType, String workflowId, JsonNode payload) {
        ExecutionRecord row = new ExecutionRecord();
        row.id = UUID.randomUUID();
        row.organizationId = ORGANIZATION;
        row.workflowId = workflowId;
        row.temporalNamespace = runlens.temporal().namespace();
        row.temporalWorkflowId = row.id.toString();
        row.taskQueue = DemoTemporal.TASK_QUEUE;
        row.workflowType = workflowType;
        row.status = ExecutionStatus.PENDING;
        row.payload = payload;
        return row;
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
        JsonNode ledgerColumns = execution.workflowId().equals("invoice-sync") ? ledgerColumns(execution) : null;
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        Instant now = Instant.now();
        try {
            ExecutionStatus status =
                    transaction(() -> repository.findById(execution.id()).map(row -> {
                        if (cause == null) {
                            row.status = ExecutionStatus.COMPLETED;
                            row.result = result;
                        } else if (isCancellation(cause)) {
                            row.status = ExecutionStatus.CANCELLED;
                            row.cancelledAt = now;
                            row.cancelledBy = CANCELLED_BY;
                        } else {
                            row.status = ExecutionStatus.FAILED;
                            row.error = rootMessage(cause);
                        }
                        row.completedAt = now;
                        if (ledgerColumns != null) {
                            row.columnConfig = ledgerColumns;
                        }
                        return row.status;
                    }));
            LOG.infof(
                    "Demo execution %s (%s, %s) is %s",
                    execution.id(), execution.workflowId(), execution.temporalWorkflowId(), status.word());
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not record the outcome of demo execution %s", execution.id());
        }
    }

    /**
     * The invoice table's columns: one per ledger posting. Activity ids are chosen by the SDK, so the
     * mapping is recorded once the run has scheduled its steps, as a platform's table view would.
     */
    private JsonNode ledgerColumns(DemoExecution execution) {
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
    private static JsonNode columnConfig(List<Map<String, String>> columns) {
        JsonNode config = TEMPORAL_JSON.valueToTree(columns);
        ColumnConfig.parse(config);
        return config;
    }

    // The research agent starts its summarizer itself: record the child once Temporal knows it.
    private void followChild(DemoExecution parent, String childWorkflowId) {
        whenStarted(childWorkflowId, CHILD_LOOKUPS)
                .thenAcceptAsync(description -> recordChild(parent, childWorkflowId, description), rowWriter)
                .exceptionally(failure -> {
                    if (!stopping) {
                        LOG.warnf(failure, "Could not record the child workflow %s", childWorkflowId);
                    }
                    return null;
                });
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

    private void recordChild(DemoExecution parent, String childWorkflowId, WorkflowExecutionDescription description) {
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
        ExecutionRecord row = newRow(description.getWorkflowType(), "summarize-document", input);
        row.temporalWorkflowId = childWorkflowId;
        row.temporalRunId = run.getRunId();
        row.status = ExecutionStatus.RUNNING;
        row.createdAt = description.getStartTime();
        row.startedAt = description.getStartTime();
        row.parentExecutionId = parent.id();
        row.rootExecutionId = parent.id();
        row.stepKey = "summarize";
        row.deploymentId = DEPLOYMENT;
        transaction(() -> repository.persist(row));
        DemoExecution child = new DemoExecution(row.id, row.workflowId, childWorkflowId);
        executions.add(child);
        follow(
                child,
                client.newUntypedWorkflowStub(
                        childWorkflowId, Optional.of(run.getRunId()), Optional.of(description.getWorkflowType())));
    }

    private void later(Duration delay, String what, Runnable action) {
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
