package io.runlens.runs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.runlens.config.RunlensConfig;
import io.runlens.execution.ExecutionRecord;
import io.runlens.faults.Deadline;
import io.runlens.temporal.TemporalClient;
import io.smallrye.mutiny.Uni;
import io.temporal.api.history.v1.HistoryEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Which Temporal run of an execution an answer shows: one rule for details, the step view, the live
 * stream and its resume, run chains and the caches keyed by what they show.
 *
 * <p>The rule: the run the row names ({@code temporal_run_id}) or a run that shares its chain's first
 * run ({@code first_execution_run_id}: continue-as-new, retries by a retry policy and cron keep it; a
 * new start that reuses the workflow id, possibly by another organization in a shared namespace, does
 * not). Without a run asked for, the latest run of that chain; a run asked for that is not of it answers
 * exactly like an unknown run ({@link NoSuchRunException}). A row that names no run can only be
 * matched by its workflow id (docs/architecture.md says what platforms sharing a namespace should do).
 */
@ApplicationScoped
public class ExecutionRuns {

    private final TemporalClient client;
    private final RunlensConfig config;
    private final KnownRuns known;
    // What chain a run belongs to never changes: asked once per run, not once per request.
    private final Cache<RunKey, String> firstRuns;

    private record RunKey(String namespace, String workflowId, String runId) {}

    public ExecutionRuns(TemporalClient client, RunlensConfig config, KnownRuns known) {
        this.client = client;
        this.config = config;
        this.known = known;
        this.firstRuns = Caffeine.newBuilder()
                .maximumSize(config.cache().maximumEntries())
                .build();
    }

    /** The Temporal namespace of the row's workflow: its own, or the configured default when it names none. */
    public String namespaceOf(ExecutionRecord row) {
        return row.temporalNamespace == null || row.temporalNamespace.isBlank()
                ? config.temporal().namespace()
                : row.temporalNamespace;
    }

    /**
     * The run an answer about {@code row} shows, read with {@code reads}: {@code requested} when it is one
     * of the execution's runs (else {@link NoSuchRunException}), or, when none is asked for, the latest
     * run of the execution's chain.
     */
    public <R> Uni<R> show(ExecutionRecord row, Optional<String> requested, RunReads<R> reads, Deadline deadline) {
        if (requested.isPresent()) {
            String runId = requested.get();
            return reads.read(runId).flatMap(run -> {
                if (reads.isNotFound(run)) {
                    // The run the row names is the execution's whatever Temporal says (not started yet, or
                    // past retention): the answer says Temporal has none. Any other is no run of it.
                    return runId.equals(row.temporalRunId)
                            ? Uni.createFrom().item(run)
                            : Uni.createFrom().failure(NoSuchRunException.of(runId));
                }
                Optional<RunIdentity> identity = reads.identity(run);
                if (identity.isEmpty()) {
                    // Temporal could not say: the answer says so, it shows nothing of any run.
                    return Uni.createFrom().item(run);
                }
                return isOfExecution(row, identity.get(), deadline).map(of -> {
                    if (!of) {
                        throw NoSuchRunException.of(runId);
                    }
                    return run;
                });
            });
        }
        return reads.read("").flatMap(latest -> showLatest(row, latest, reads, deadline));
    }

    /**
     * {@link #show} without a run asked for, given the latest run of the row's workflow id as already
     * read (details read it beside the row): that run when it is of the execution, else the latest run
     * of the chain the row's run belongs to.
     */
    public <R> Uni<R> showLatest(ExecutionRecord row, R latest, RunReads<R> reads, Deadline deadline) {
        Optional<RunIdentity> identity = reads.identity(latest);
        if (identity.isEmpty()) {
            return Uni.createFrom().item(latest);
        }
        return isOfExecution(row, identity.get(), deadline)
                .flatMap(of -> of
                        ? Uni.createFrom().item(latest)
                        : latestOfChain(row, deadline).flatMap(reads::read));
    }

    /**
     * Whether run {@code candidate} of the row's workflow id is of the row's chain. At most one extra
     * round trip (and none once known): when the row names a run that is neither the candidate nor its
     * chain's first, that run's own first run is asked for. Unknown counts as not. A run found to be of
     * the chain is remembered ({@link KnownRuns}) so that the step view knows it by its id.
     */
    public Uni<Boolean> isOfExecution(ExecutionRecord row, RunIdentity candidate, Deadline deadline) {
        String named = row.temporalRunId;
        if (named == null || named.isBlank() || named.equals(candidate.runId())) {
            return Uni.createFrom().item(true);
        }
        String first = candidate.firstRunId();
        if (first.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        Uni<Boolean> of = first.equals(named)
                ? Uni.createFrom().item(true)
                : firstRunOf(namespaceOf(row), row.temporalWorkflowId, named, deadline)
                        .map(namedFirst -> namedFirst.filter(first::equals).isPresent());
        return of.call(yes ->
                yes ? known.remember(row, candidate.runId()) : Uni.createFrom().voidItem());
    }

    /**
     * The latest run of the chain the row's run belongs to, followed forward from it through each closed
     * run's hand-over ({@code new_execution_run_id} of its closing event), at most
     * {@code max-chain-runs} runs and within the deadline; as far as it got when Temporal stops answering.
     */
    public Uni<String> latestOfChain(ExecutionRecord row, Deadline deadline) {
        String named = row.temporalRunId == null ? "" : row.temporalRunId;
        return forward(namespaceOf(row), row.temporalWorkflowId, named, 0, deadline)
                .call(latest -> latest.equals(named) ? Uni.createFrom().voidItem() : known.remember(row, latest));
    }

    private Uni<String> forward(String namespace, String workflowId, String runId, int steps, Deadline deadline) {
        if (runId.isEmpty() || steps >= config.temporal().maxChainRuns() || deadline.hasPassed()) {
            return Uni.createFrom().item(runId);
        }
        return deadline.bound(client.closeEvent(namespace, workflowId, runId), Optional::empty)
                .onFailure()
                .recoverWithItem(Optional.empty())
                .flatMap(close -> {
                    String next = close.map(ExecutionRuns::handedOverTo).orElse("");
                    return next.isEmpty()
                            ? Uni.createFrom().item(runId)
                            : forward(namespace, workflowId, next, steps + 1, deadline);
                });
    }

    /** The run a closing event hands over to (continue-as-new, a retry, the next cron run); empty if none. */
    public static String handedOverTo(HistoryEvent close) {
        return switch (close.getEventType()) {
            case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED ->
                close.getWorkflowExecutionCompletedEventAttributes().getNewExecutionRunId();
            case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED ->
                close.getWorkflowExecutionFailedEventAttributes().getNewExecutionRunId();
            case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT ->
                close.getWorkflowExecutionTimedOutEventAttributes().getNewExecutionRunId();
            case EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW ->
                close.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId();
            default -> "";
        };
    }

    /**
     * The first run of the chain run {@code runId} belongs to: describe's {@code first_run_id}, or, from
     * servers that leave it empty, its Started event's {@code first_execution_run_id}. Empty when Temporal
     * does not know the run, does not say, fails or runs out of time.
     */
    public Uni<Optional<String>> firstRunOf(String namespace, String workflowId, String runId, Deadline deadline) {
        RunKey key = new RunKey(namespace, workflowId, runId);
        String cached = firstRuns.getIfPresent(key);
        if (cached != null) {
            return Uni.createFrom().item(Optional.of(cached));
        }
        Uni<Optional<String>> asked = client.describe(namespace, workflowId, runId)
                .flatMap(described -> {
                    String first = described
                            .map(d -> d.getWorkflowExecutionInfo().getFirstRunId())
                            .orElse("");
                    if (!first.isEmpty() || described.isEmpty()) {
                        return Uni.createFrom().item(Optional.of(first).filter(id -> !id.isEmpty()));
                    }
                    return client.firstEvent(namespace, workflowId, runId)
                            .map(event -> event.filter(HistoryEvent::hasWorkflowExecutionStartedEventAttributes)
                                    .map(started -> started.getWorkflowExecutionStartedEventAttributes()
                                            .getFirstExecutionRunId())
                                    .filter(id -> !id.isEmpty()));
                });
        return deadline.bound(asked, Optional::empty)
                .onFailure()
                .recoverWithItem(Optional.empty())
                .invoke(first -> first.ifPresent(id -> firstRuns.put(key, id)));
    }
}
