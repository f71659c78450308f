package io.runlens.temporal;

import io.micrometer.core.instrument.MeterRegistry;
import io.runlens.faults.TemporalBudget;
import io.runlens.observability.BackendCalls;
import io.runlens.trace.HistoryFolder;
import io.runlens.trace.ProtoValues;
import io.smallrye.mutiny.Uni;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads one run from Temporal: describe and its history, folded into a trace. Never fails: a missing
 * workflow or an unreachable Temporal becomes a {@link TemporalRun} that says so. Which run an answer
 * shows is not decided here but by {@link io.runlens.runs.ExecutionRuns}, which reads through this.
 */
@ApplicationScoped
public class TemporalRunReader {

    private static final Logger LOG = Logger.getLogger(TemporalRunReader.class);
    private static final String STATUS_PREFIX = "WORKFLOW_EXECUTION_STATUS_";

    private final TemporalClient client;
    private final MeterRegistry metrics;
    private final BackendCalls calls;
    private final ClosedRunCache cache;
    private final RunningRunCache running;

    public TemporalRunReader(
            TemporalClient client,
            MeterRegistry metrics,
            BackendCalls calls,
            ClosedRunCache cache,
            RunningRunCache running) {
        this.client = client;
        this.cache = cache;
        this.running = running;
        this.metrics = metrics;
        this.calls = calls;
    }

    /**
     * The run ({@code runId} empty: the latest run), with the newest {@code recentWindow} events, within
     * {@code budget}'s deadline; a history is folded only under its history-read permit. A closed run
     * named by its id comes from the cache, after a describe when Temporal last confirmed it longer than
     * {@code revalidate-after} ago. Otherwise describe and the history are asked at once, so the
     * Temporal branch costs one round trip, not two: the history is kept when it is the run describe
     * named ({@link HistoryFolder#isRunDescribedBy}); when a new run started between the two calls
     * (or the run was reset), the described run's history is read again by its id. A running run
     * read before ({@link RunningRunCache}) is described alone first: when describe answers as it did,
     * the run as read then is the answer, with no history read.
     */
    public Uni<TemporalRun> read(
            String namespace, String workflowId, String runId, int recentWindow, TemporalBudget budget) {
        Optional<ClosedRunCache.Lookup> closed = cache.get(namespace, workflowId, runId, recentWindow);
        Optional<TemporalRun> kept =
                closed.isPresent() ? Optional.empty() : running.get(namespace, workflowId, runId, recentWindow);
        Uni<TemporalRun> run;
        if (closed.isPresent() && closed.get().isFresh()) {
            return Uni.createFrom().item(closed.get().run());
        } else if (closed.isPresent()) {
            run = describe(namespace, workflowId, runId).map(described -> {
                if (described.isEmpty()) {
                    cache.forget(namespace, workflowId, runId);
                    return notFound(namespace, workflowId);
                }
                cache.confirm(namespace, workflowId, runId);
                return closed.get().run();
            });
        } else if (kept.isPresent()) {
            run = describe(namespace, workflowId, runId).flatMap(described -> {
                if (described.isEmpty()) {
                    running.forget(namespace, workflowId, runId);
                    return Uni.createFrom().item(notFound(namespace, workflowId));
                }
                if (RunningRunCache.revisionOf(described.get())
                        .equals(kept.get().revision())) {
                    metrics.counter("runlens.running-runs.unchanged").increment();
                    return Uni.createFrom().item(kept.get());
                }
                return history(namespace, workflowId, runId, described.get(), recentWindow, budget);
            });
        } else if (runId.isEmpty() && cache.holdsClosedRunOf(namespace, workflowId)) {
            // A closed run of this workflow is kept, and is most likely still its latest: describe
            // alone says so, and then no history is read at all.
            run = describe(namespace, workflowId, runId)
                    .flatMap(described -> described
                            .map(d -> history(namespace, workflowId, runId, d, recentWindow, budget))
                            .orElseGet(() -> Uni.createFrom().item(notFound(namespace, workflowId))));
        } else {
            Uni<Optional<HistoryFolder>> history = foldHistory(namespace, workflowId, runId, recentWindow, budget);
            run = Uni.combine()
                    .all()
                    .unis(describe(namespace, workflowId, runId), history)
                    .asTuple()
                    .flatMap(both -> both.getItem1()
                            .map(described -> both.getItem2()
                                    .filter(folded -> folded.isRunDescribedBy(described.getWorkflowExecutionInfo()))
                                    .map(folded -> Uni.createFrom()
                                            .item(assemble(
                                                    namespace, workflowId, runId, described, folded, recentWindow)))
                                    .orElseGet(() ->
                                            history(namespace, workflowId, runId, described, recentWindow, budget)))
                            .orElseGet(() -> Uni.createFrom().item(notFound(namespace, workflowId))));
        }
        return budget.deadline()
                .boundOrFail(run, "Temporal")
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.debugf("Temporal unavailable for %s: %s", workflowId, failure.toString());
                    return TemporalRun.missing(
                            TemporalRun.UNAVAILABLE, TemporalFailures.reason(failure), namespace, workflowId);
                })
                .invoke(found -> {
                    if (!found.isAvailable()) {
                        metrics.counter("runlens.temporal.missing", "cause", found.availability())
                                .increment();
                    }
                });
    }

    private Uni<Optional<DescribeWorkflowExecutionResponse>> describe(
            String namespace, String workflowId, String runId) {
        return calls.observe(
                "describe", "temporal DescribeWorkflowExecution", client.describe(namespace, workflowId, runId));
    }

    private Uni<Optional<HistoryFolder>> foldHistory(
            String namespace, String workflowId, String runId, int recentWindow, TemporalBudget budget) {
        return calls.observe(
                "history",
                "temporal GetWorkflowExecutionHistory",
                budget.holdHistoryPermit()
                        .flatMap(held -> client.foldHistory(
                                namespace, workflowId, runId, HistoryFolder.forDetails(recentWindow))));
    }

    private static TemporalRun notFound(String namespace, String workflowId) {
        return TemporalRun.missing(
                TemporalRun.NOT_FOUND,
                "Temporal has no such workflow (not started yet, or past retention)",
                namespace,
                workflowId);
    }

    private Uni<TemporalRun> history(
            String namespace,
            String workflowId,
            String askedRunId,
            DescribeWorkflowExecutionResponse described,
            int recentWindow,
            TemporalBudget budget) {
        WorkflowExecutionInfo info = described.getWorkflowExecutionInfo();
        String runId = info.getExecution().getRunId();
        if (info.hasCloseTime()) {
            Optional<ClosedRunCache.Lookup> closed = cache.get(namespace, workflowId, runId, recentWindow);
            if (closed.isPresent()) {
                // Describe has just named it: Temporal still has it, and it is still the run asked for.
                cache.confirm(namespace, workflowId, runId);
                return Uni.createFrom().item(closed.get().run());
            }
        }
        return foldHistory(namespace, workflowId, runId, recentWindow, budget)
                .map(folded -> folded.map(builder ->
                                assemble(namespace, workflowId, askedRunId, described, builder, recentWindow))
                        .orElseGet(() -> TemporalRun.missing(
                                TemporalRun.NOT_FOUND,
                                "the run's history is gone (past retention)",
                                namespace,
                                workflowId)));
    }

    /**
     * The run from describe and its folded history; kept by the closed-run cache if it has closed, by
     * the running-run cache (under the run id asked) if not.
     */
    private TemporalRun assemble(
            String namespace,
            String workflowId,
            String askedRunId,
            DescribeWorkflowExecutionResponse described,
            HistoryFolder builder,
            int recentWindow) {
        metrics.counter("runlens.history.events").increment(builder.eventCount());
        WorkflowExecutionInfo info = described.getWorkflowExecutionInfo();
        TemporalRun run = new TemporalRun(
                TemporalRun.OK,
                null,
                namespace,
                workflowId,
                info.getExecution().getRunId(),
                statusName(info),
                ProtoValues.instant(info.getStartTime()),
                info.hasCloseTime() ? ProtoValues.instant(info.getCloseTime()) : null,
                info.getTaskQueue(),
                info.getType().getName(),
                Math.max(info.getHistoryLength(), builder.eventCount()),
                // Servers before 1.20 (and the test server) report no size: count the bytes read instead.
                info.getHistorySizeBytes() > 0 ? info.getHistorySizeBytes() : builder.eventBytes(),
                builder.runFacts(),
                builder.trace(described.getPendingActivitiesList()),
                builder.recentEvents(),
                builder.encodedPayloads(),
                builder.latestEventTime(),
                RunningRunCache.revisionOf(described));
        cache.offer(run, recentWindow);
        running.offer(askedRunId, run, recentWindow);
        return run;
    }

    /** Temporal's status word of a described run: {@code RUNNING}, {@code COMPLETED}, ... */
    public static String statusName(WorkflowExecutionInfo info) {
        String name = info.getStatus().name();
        return name.startsWith(STATUS_PREFIX) ? name.substring(STATUS_PREFIX.length()) : name;
    }
}
