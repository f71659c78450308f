package io.runlens.runs;

import io.runlens.config.RunlensConfig;
import io.runlens.execution.ExecutionRecord;
import io.runlens.faults.Deadline;
import io.runlens.observability.BackendCalls;
import io.runlens.temporal.TemporalClient;
import io.runlens.temporal.TemporalRun;
import io.runlens.temporal.TemporalRunReader;
import io.runlens.trace.ExecutionRun;
import io.runlens.trace.ProtoValues;
import io.runlens.trace.RunFacts;
import io.smallrye.mutiny.Uni;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The chain of runs an execution spans (continue-as-new, retries by a retry policy, cron), oldest
 * first, around the run an answer shows. Walked only along Temporal's own links: back through each
 * run's Started event ({@code continued_execution_run_id}), forward through each closing event
 * ({@code new_execution_run_id}), each run checked to share the shown run's first run, so a reused
 * workflow id's later runs (possibly another organization's) are never listed. One round trip per
 * other run, back and forward walked at once, all within the answer's Temporal deadline: when it
 * passes or Temporal fails part-way, the runs found so far are listed.
 */
@ApplicationScoped
public class RunChains {

    private final TemporalClient client;
    private final BackendCalls calls;
    private final KnownRuns known;
    private final int maxRuns;

    public RunChains(TemporalClient client, BackendCalls calls, KnownRuns known, RunlensConfig config) {
        this.client = client;
        this.calls = calls;
        this.known = known;
        this.maxRuns = config.temporal().maxChainRuns();
    }

    /** The chain {@code shown} (a run of {@code row}'s execution) belongs to, oldest first; empty when Temporal had no answer. */
    public Uni<List<ExecutionRun>> chain(ExecutionRecord row, TemporalRun shown, Deadline deadline) {
        if (!shown.isAvailable()) {
            return Uni.createFrom().item(List.of());
        }
        ExecutionRun own = summary(shown);
        if (own.previousRunId() == null && own.nextRunId() == null) {
            return Uni.createFrom().item(List.of(own));
        }
        String first = shown.facts() == null ? "" : shown.facts().firstRunId();
        Uni<List<ExecutionRun>> earlier = back(shown, first, own.previousRunId(), own.runId(), maxRuns - 1, deadline);
        Uni<List<ExecutionRun>> later = forward(shown, first, own.nextRunId(), own.runId(), maxRuns - 1, deadline);
        return Uni.combine().all().unis(earlier, later).asTuple().flatMap(both -> {
            List<ExecutionRun> runs = new ArrayList<>(both.getItem1());
            java.util.Collections.reverse(runs);
            runs.add(own);
            runs.addAll(both.getItem2());
            return rememberAll(row, runs).replaceWith(List.copyOf(runs));
        });
    }

    // Earlier runs, nearest first.
    private Uni<List<ExecutionRun>> back(
            TemporalRun shown, String first, String runId, String nextRunId, int left, Deadline deadline) {
        if (runId == null || left <= 0 || deadline.hasPassed()) {
            return Uni.createFrom().item(List.of());
        }
        String namespace = shown.namespace();
        String workflowId = shown.workflowId();
        Uni<Optional<ExecutionRun>> step = Uni.combine()
                .all()
                .unis(
                        describe(namespace, workflowId, runId),
                        calls.observe(
                                "history",
                                "temporal GetWorkflowExecutionHistory",
                                client.firstEvent(namespace, workflowId, runId)))
                .asTuple()
                .map(pair -> pair.getItem1().flatMap(info -> {
                    var started = pair.getItem2()
                            .filter(HistoryEvent::hasWorkflowExecutionStartedEventAttributes)
                            .map(HistoryEvent::getWorkflowExecutionStartedEventAttributes);
                    if (!sameChain(
                            first, started.map(a -> a.getFirstExecutionRunId()).orElse(""))) {
                        return Optional.empty();
                    }
                    return Optional.of(new ExecutionRun(
                            runId,
                            TemporalRunReader.statusName(info),
                            ProtoValues.instant(info.getStartTime()),
                            info.hasCloseTime() ? ProtoValues.instant(info.getCloseTime()) : null,
                            emptyToNull(started.map(a -> a.getContinuedExecutionRunId())
                                    .orElse("")),
                            nextRunId,
                            false));
                }));
        return walk(
                step, deadline, found -> back(shown, first, found.previousRunId(), found.runId(), left - 1, deadline));
    }

    // Later runs, nearest first.
    private Uni<List<ExecutionRun>> forward(
            TemporalRun shown, String first, String runId, String previousRunId, int left, Deadline deadline) {
        if (runId == null || left <= 0 || deadline.hasPassed()) {
            return Uni.createFrom().item(List.of());
        }
        String namespace = shown.namespace();
        String workflowId = shown.workflowId();
        Uni<Optional<ExecutionRun>> step = Uni.combine()
                .all()
                .unis(
                        describe(namespace, workflowId, runId),
                        calls.observe(
                                "history",
                                "temporal GetWorkflowExecutionHistory",
                                client.closeEvent(namespace, workflowId, runId)))
                .asTuple()
                .map(pair -> pair.getItem1().flatMap(info -> {
                    // The previous run's closing event named this one; its first run still has to agree.
                    if (!info.getFirstRunId().isEmpty() && !sameChain(first, info.getFirstRunId())) {
                        return Optional.empty();
                    }
                    String next =
                            pair.getItem2().map(ExecutionRuns::handedOverTo).orElse("");
                    return Optional.of(new ExecutionRun(
                            runId,
                            TemporalRunReader.statusName(info),
                            ProtoValues.instant(info.getStartTime()),
                            info.hasCloseTime() ? ProtoValues.instant(info.getCloseTime()) : null,
                            previousRunId,
                            emptyToNull(next),
                            false));
                }));
        return walk(
                step, deadline, found -> forward(shown, first, found.nextRunId(), found.runId(), left - 1, deadline));
    }

    private static Uni<List<ExecutionRun>> walk(
            Uni<Optional<ExecutionRun>> step,
            Deadline deadline,
            java.util.function.Function<ExecutionRun, Uni<List<ExecutionRun>>> rest) {
        return deadline.bound(step, Optional::empty)
                .onFailure()
                .recoverWithItem(Optional.empty())
                .flatMap(found -> found.map(run -> rest.apply(run).map(further -> {
                            List<ExecutionRun> runs = new ArrayList<>(further.size() + 1);
                            runs.add(run);
                            runs.addAll(further);
                            return List.copyOf(runs);
                        }))
                        .orElseGet(() -> Uni.createFrom().item(List.of())));
    }

    private Uni<Optional<WorkflowExecutionInfo>> describe(String namespace, String workflowId, String runId) {
        return calls.observe(
                        "describe", "temporal DescribeWorkflowExecution", client.describe(namespace, workflowId, runId))
                .map(described -> described.map(d -> d.getWorkflowExecutionInfo()));
    }

    // Each run of the chain found here is one the step view may be asked for by its id.
    private Uni<Void> rememberAll(ExecutionRecord row, List<ExecutionRun> runs) {
        if (row.temporalRunId == null || row.temporalRunId.isBlank()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> all = Uni.createFrom().voidItem();
        for (ExecutionRun run : runs) {
            if (!run.runId().equals(row.temporalRunId)) {
                all = all.call(() -> known.remember(row, run.runId()));
            }
        }
        return all;
    }

    /** Whether a run whose chain starts at {@code firstRunId} is of the chain starting at {@code first}; unknown counts as not. */
    private static boolean sameChain(String first, String firstRunId) {
        return !firstRunId.isEmpty() && firstRunId.equals(first);
    }

    private static ExecutionRun summary(TemporalRun run) {
        RunFacts facts = run.facts();
        return new ExecutionRun(
                run.runId(),
                run.status(),
                run.startTime(),
                run.closeTime(),
                facts == null ? null : emptyToNull(facts.previousRunId()),
                facts == null ? null : emptyToNull(facts.nextRunId()),
                true);
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
