package io.runlens.temporal;

import io.micrometer.core.instrument.MeterRegistry;
import io.runlens.config.RunlensConfig;
import io.runlens.faults.BackendGuards;
import io.runlens.observability.BackendCalls;
import io.smallrye.mutiny.Uni;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Reads one run from Temporal: describe, then the history of exactly the run describe named (so the
 * two never disagree when a new run starts in between), folded into a trace. Never fails: a missing
 * workflow or an unreachable Temporal becomes a {@link TemporalRun} that says so.
 */
@ApplicationScoped
public class TemporalRunReader {

    private static final Logger LOG = Logger.getLogger(TemporalRunReader.class);
    private static final String STATUS_PREFIX = "WORKFLOW_EXECUTION_STATUS_";

    private final TemporalHistoryClient client;
    private final Duration deadline;
    private final MeterRegistry metrics;
    private final BackendCalls calls;
    private final ClosedRunCache cache;
    private final int maxChainRuns;
    private final BackendGuards guards;

    /** Without a bound on concurrent history reads: for tests of the reader itself, outside the application. */
    public TemporalRunReader(TemporalHistoryClient client, RunlensConfig config, MeterRegistry metrics, BackendCalls calls,
            ClosedRunCache cache) {
        this(client, config, metrics, calls, cache, null);
    }

    @Inject
    public TemporalRunReader(TemporalHistoryClient client, RunlensConfig config, MeterRegistry metrics, BackendCalls calls,
            ClosedRunCache cache, BackendGuards guards) {
        this.client = client;
        this.guards = guards;
        this.cache = cache;
        this.maxChainRuns = config.temporal().maxChainRuns();
        this.deadline = config.temporal().fetchDeadline();
        this.metrics = metrics;
        this.calls = calls;
    }

    /**
     * The run ({@code runId} empty: the latest run), with the newest {@code recentWindow} events. A
     * closed run named by its id comes from the cache without asking Temporal. Otherwise describe and
     * the history are asked at once, so the Temporal branch costs one round trip, not two: the history
     * is kept when it is the run describe named ({@link HistoryTraceBuilder#isRunDescribedBy}); when a
     * new run started between the two calls (or the run was reset), the described run's history is
     * read again by its id.
     */
    public Uni<TemporalRun> read(String namespace, String workflowId, String runId, int recentWindow) {
        Optional<TemporalRun> closed = cache.get(namespace, workflowId, runId, recentWindow);
        if (closed.isPresent()) {
            return Uni.createFrom().item(closed.get());
        }
        Uni<Optional<DescribeWorkflowExecutionResponse>> describe = calls.observe("describe",
                "temporal DescribeWorkflowExecution", client.describe(namespace, workflowId, runId));
        Uni<TemporalRun> run;
        if (runId.isEmpty() && cache.holdsClosedRunOf(namespace, workflowId, recentWindow)) {
            // A closed run of this workflow is kept, and is most likely still its latest: describe
            // alone says so, and then no history is read at all.
            run = describe.flatMap(described -> described.map(d -> history(namespace, workflowId, d, recentWindow))
                    .orElseGet(() -> notFound(namespace, workflowId)));
        } else {
            Uni<Optional<HistoryTraceBuilder>> history = calls.observe("history", "temporal GetWorkflowExecutionHistory",
                    foldHistory(namespace, workflowId, runId, recentWindow));
            run = Uni.combine().all().unis(describe, history).asTuple().flatMap(both -> both.getItem1()
                    .map(described -> both.getItem2()
                            .filter(folded -> folded.isRunDescribedBy(described.getWorkflowExecutionInfo()))
                            .map(folded -> Uni.createFrom().item(assemble(namespace, workflowId, described, folded, recentWindow)))
                            .orElseGet(() -> history(namespace, workflowId, described, recentWindow)))
                    .orElseGet(() -> notFound(namespace, workflowId)));
        }
        return run
                .ifNoItem().after(deadline).failWith(() -> new TimeoutException("Temporal did not answer within " + deadline))
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("Temporal unavailable for %s: %s", workflowId, failure.toString());
                    return TemporalRun.missing(TemporalRun.UNAVAILABLE, reason(failure), namespace, workflowId);
                })
                .invoke(found -> {
                    if (!found.isAvailable()) {
                        metrics.counter("runlens.temporal.missing", "cause", found.availability()).increment();
                    }
                });
    }

    private Uni<Optional<HistoryTraceBuilder>> foldHistory(String namespace, String workflowId, String runId, int recentWindow) {
        Supplier<Uni<Optional<HistoryTraceBuilder>>> read = () -> client.foldHistory(namespace, workflowId, runId,
                new HistoryTraceBuilder(recentWindow));
        return guards == null ? read.get() : guards.historyRead(read);
    }

    private static Uni<TemporalRun> notFound(String namespace, String workflowId) {
        return Uni.createFrom().item(TemporalRun.missing(TemporalRun.NOT_FOUND,
                "Temporal has no such workflow (not started yet, or past retention)", namespace, workflowId));
    }

    private Uni<TemporalRun> history(String namespace, String workflowId, DescribeWorkflowExecutionResponse described,
            int recentWindow) {
        WorkflowExecutionInfo info = described.getWorkflowExecutionInfo();
        String runId = info.getExecution().getRunId();
        if (info.hasCloseTime()) {
            Optional<TemporalRun> closed = cache.get(namespace, workflowId, runId, recentWindow);
            if (closed.isPresent()) {
                return Uni.createFrom().item(closed.get());
            }
        }
        return calls.observe("history", "temporal GetWorkflowExecutionHistory",
                foldHistory(namespace, workflowId, runId, recentWindow))
                .map(folded -> folded.map(builder -> assemble(namespace, workflowId, described, builder, recentWindow))
                        .orElseGet(() -> TemporalRun.missing(TemporalRun.NOT_FOUND,
                                "the run's history is gone (past retention)", namespace, workflowId)));
    }

    /** The run from describe and its folded history; kept by the cache if it has closed. */
    private TemporalRun assemble(String namespace, String workflowId, DescribeWorkflowExecutionResponse described,
            HistoryTraceBuilder builder, int recentWindow) {
        metrics.counter("runlens.history.events").increment(builder.eventCount());
        WorkflowExecutionInfo info = described.getWorkflowExecutionInfo();
        TemporalRun run = new TemporalRun(TemporalRun.OK, null, namespace, workflowId, info.getExecution().getRunId(),
                statusName(info), HistoryTraceBuilder.instant(info.getStartTime()),
                info.hasCloseTime() ? HistoryTraceBuilder.instant(info.getCloseTime()) : null,
                info.getTaskQueue(), info.getType().getName(), Math.max(info.getHistoryLength(), builder.eventCount()),
                // Servers before 1.20 (and the test server) report no size: count the bytes read instead.
                info.getHistorySizeBytes() > 0 ? info.getHistorySizeBytes() : builder.eventBytes(),
                builder.runFacts(), builder.trace(described.getPendingActivitiesList()), builder.recentEvents(),
                builder.encodedPayloads());
        cache.offer(run, recentWindow);
        return run;
    }

    /**
     * The chain of runs {@code shown} belongs to, oldest first: walked back from the chain's latest
     * run through each run's Started event ({@code continued_execution_run_id}). One round trip per
     * earlier run (describe and first event in parallel); none when the run stands alone. A failure
     * part-way answers the runs found so far.
     */
    public Uni<List<RunSummary>> chain(TemporalRun shown) {
        if (!shown.isAvailable()) {
            return Uni.createFrom().item(List.of());
        }
        RunSummary own = summary(shown);
        if (own.previousRunId() == null && own.nextRunId() == null) {
            return Uni.createFrom().item(List.of(own));
        }
        Uni<String> latest = own.nextRunId() == null ? Uni.createFrom().item(shown.runId())
                : client.describe(shown.namespace(), shown.workflowId(), "")
                        .map(described -> described.map(d -> d.getWorkflowExecutionInfo().getExecution().getRunId())
                                .orElse(shown.runId()));
        List<RunSummary> found = new ArrayList<>();
        return latest.flatMap(runId -> walkBack(shown, runId, null, found))
                .ifNoItem().after(deadline).recoverWithItem(() -> List.copyOf(found))
                .onFailure().recoverWithItem(() -> List.copyOf(found))
                .map(runs -> {
                    List<RunSummary> oldestFirst = new ArrayList<>(runs);
                    java.util.Collections.reverse(oldestFirst);
                    return oldestFirst;
                });
    }

    private Uni<List<RunSummary>> walkBack(TemporalRun shown, String runId, String nextRunId, List<RunSummary> found) {
        if (runId == null || runId.isEmpty() || found.size() >= maxChainRuns) {
            return Uni.createFrom().item(List.copyOf(found));
        }
        if (runId.equals(shown.runId())) {
            RunSummary own = summary(shown);
            found.add(own);
            return walkBack(shown, own.previousRunId(), runId, found);
        }
        String namespace = shown.namespace();
        String workflowId = shown.workflowId();
        return Uni.combine().all()
                .unis(calls.observe("describe", "temporal DescribeWorkflowExecution", client.describe(namespace, workflowId, runId)),
                        calls.observe("history", "temporal GetWorkflowExecutionHistory", client.firstEvent(namespace, workflowId, runId)))
                .asTuple().flatMap(pair -> {
                    if (pair.getItem1().isEmpty()) {
                        return Uni.createFrom().item(List.copyOf(found));
                    }
                    WorkflowExecutionInfo info = pair.getItem1().get().getWorkflowExecutionInfo();
                    var started = pair.getItem2().filter(HistoryEvent::hasWorkflowExecutionStartedEventAttributes)
                            .map(HistoryEvent::getWorkflowExecutionStartedEventAttributes);
                    if (!sameChain(shown, started.map(a -> a.getFirstExecutionRunId()).orElse(""))) {
                        // A new start that reused the workflow id (possibly someone else's): not this chain.
                        // When it was the workflow id's latest run, walk back from the run shown instead.
                        return found.isEmpty() ? walkBack(shown, shown.runId(), null, found) : Uni.createFrom().item(List.copyOf(found));
                    }
                    String previous = started.map(a -> a.getContinuedExecutionRunId()).orElse("");
                    found.add(new RunSummary(runId, statusName(info), HistoryTraceBuilder.instant(info.getStartTime()),
                            info.hasCloseTime() ? HistoryTraceBuilder.instant(info.getCloseTime()) : null,
                            emptyToNull(previous), emptyToNull(nextRunId), false));
                    return walkBack(shown, previous, runId, found);
                });
    }

    /** Whether a run whose chain starts at {@code firstRunId} is of {@code shown}'s chain; unknown counts as not. */
    private static boolean sameChain(TemporalRun shown, String firstRunId) {
        String shownFirst = shown.facts() == null ? "" : shown.facts().firstRunId();
        return !firstRunId.isEmpty() && firstRunId.equals(shownFirst);
    }

    /**
     * The first run of the chain that run {@code runId} belongs to (its Started event's
     * {@code first_execution_run_id}); empty when Temporal does not know the run, does not say, or fails.
     */
    public Uni<Optional<String>> firstRunOf(String namespace, String workflowId, String runId) {
        return calls.observe("history", "temporal GetWorkflowExecutionHistory", client.firstEvent(namespace, workflowId, runId))
                .map(first -> first.filter(HistoryEvent::hasWorkflowExecutionStartedEventAttributes)
                        .map(event -> event.getWorkflowExecutionStartedEventAttributes().getFirstExecutionRunId())
                        .filter(id -> !id.isEmpty()))
                .ifNoItem().after(deadline).recoverWithItem(Optional.empty())
                .onFailure().recoverWithItem(Optional.empty());
    }

    private static RunSummary summary(TemporalRun run) {
        RunFacts facts = run.facts();
        return new RunSummary(run.runId(), run.status(), run.startTime(), run.closeTime(),
                facts == null ? null : emptyToNull(facts.previousRunId()), facts == null ? null : emptyToNull(facts.nextRunId()),
                true);
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static String statusName(WorkflowExecutionInfo info) {
        String name = info.getStatus().name();
        return name.startsWith(STATUS_PREFIX) ? name.substring(STATUS_PREFIX.length()) : name;
    }

    /** What to tell a caller about a failed Temporal call. */
    public static String reason(Throwable failure) {
        if (failure instanceof org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException) {
            return "Temporal kept failing, so it is not asked for a while (circuit breaker open)";
        }
        if (failure instanceof org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException) {
            return "this instance is reading as many histories as it may at once; retry shortly";
        }
        if (failure instanceof TimeoutException) {
            return failure.getMessage();
        }
        if (failure instanceof io.grpc.StatusRuntimeException status) {
            return "Temporal answered " + status.getStatus().getCode()
                    + (status.getStatus().getDescription() == null ? "" : ": " + status.getStatus().getDescription());
        }
        return "Temporal call failed";
    }
}
