package io.runlens.temporal;

import io.micrometer.core.instrument.MeterRegistry;
import io.runlens.config.RunlensConfig;
import io.runlens.observability.BackendCalls;
import io.smallrye.mutiny.Uni;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
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

    public TemporalRunReader(TemporalHistoryClient client, RunlensConfig config, MeterRegistry metrics, BackendCalls calls,
            ClosedRunCache cache) {
        this.client = client;
        this.cache = cache;
        this.deadline = config.temporal().fetchDeadline();
        this.metrics = metrics;
        this.calls = calls;
    }

    /**
     * The run ({@code runId} empty: the latest run), with the newest {@code recentWindow} events. A
     * closed run named by its id comes from the cache without asking Temporal; the latest run is
     * always described first, and its history read only when the cache lacks it.
     */
    public Uni<TemporalRun> read(String namespace, String workflowId, String runId, int recentWindow) {
        Optional<TemporalRun> closed = cache.get(namespace, workflowId, runId, recentWindow);
        if (closed.isPresent()) {
            return Uni.createFrom().item(closed.get());
        }
        return calls.observe("describe", "temporal DescribeWorkflowExecution", client.describe(namespace, workflowId, runId))
                .flatMap(described -> described
                        .map(d -> history(namespace, workflowId, d, recentWindow))
                        .orElseGet(() -> Uni.createFrom().item(TemporalRun.missing(TemporalRun.NOT_FOUND,
                                "Temporal has no such workflow (not started yet, or past retention)", namespace, workflowId))))
                .ifNoItem().after(deadline).failWith(() -> new TimeoutException("Temporal did not answer within " + deadline))
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("Temporal unavailable for %s: %s", workflowId, failure.toString());
                    return TemporalRun.missing(TemporalRun.UNAVAILABLE, reason(failure), namespace, workflowId);
                })
                .invoke(run -> {
                    if (!run.isAvailable()) {
                        metrics.counter("runlens.temporal.missing", "cause", run.availability()).increment();
                    }
                });
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
                client.foldHistory(namespace, workflowId, runId, new HistoryTraceBuilder(recentWindow)))
                .invoke(folded -> folded.ifPresent(
                        builder -> metrics.counter("runlens.history.events").increment(builder.eventCount())))
                .map(folded -> folded.map(builder -> new TemporalRun(TemporalRun.OK, null, namespace, workflowId, runId,
                        statusName(info), HistoryTraceBuilder.instant(info.getStartTime()),
                        info.hasCloseTime() ? HistoryTraceBuilder.instant(info.getCloseTime()) : null,
                        info.getTaskQueue(), info.getType().getName(), Math.max(info.getHistoryLength(), builder.eventCount()),
                        // Servers before 1.20 (and the test server) report no size: count the bytes read instead.
                        info.getHistorySizeBytes() > 0 ? info.getHistorySizeBytes() : builder.eventBytes(),
                        builder.runFacts(), builder.trace(described.getPendingActivitiesList()), builder.recentEvents()))
                        .orElseGet(() -> TemporalRun.missing(TemporalRun.NOT_FOUND,
                                "the run's history is gone (past retention)", namespace, workflowId)))
                .invoke(run -> cache.offer(run, recentWindow));
    }

    private static String statusName(WorkflowExecutionInfo info) {
        String name = info.getStatus().name();
        return name.startsWith(STATUS_PREFIX) ? name.substring(STATUS_PREFIX.length()) : name;
    }

    private static String reason(Throwable failure) {
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
