package io.runlens.details;

import io.runlens.codec.CodecDecoding;
import io.runlens.config.RunlensConfig;
import io.runlens.observability.BackendCalls;
import io.runlens.execution.ExecutionLookup;
import io.runlens.execution.ExecutionRecord;
import io.runlens.execution.ExecutionRef;
import io.runlens.temporal.ClosedRunCache;
import io.runlens.temporal.TemporalRun;
import io.runlens.temporal.TemporalRunReader;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Fetches an execution's row (PostgreSQL) and its run (Temporal) in parallel and pairs them.
 *
 * <p>Temporal is asked for the id as given while the row is read, because platforms usually use
 * the id they show as the workflow id: then Temporal is never kept waiting for the row. When the
 * row says the workflow id or namespace is something else, the run is read again with what the row
 * says; the speculative answer is dropped unseen. The row decides visibility: no row in the
 * caller's organization means no Temporal data, whatever Temporal holds.
 *
 * <p>Whatever run is shown must be of the row's execution: the run the row names or one of its chain
 * (continued as new, retried, cron), never a later start that reused the workflow id, which may be
 * another organization's.
 *
 * <p>When this id last led to a closed run that nothing can follow and the cache still holds it,
 * Temporal is not asked at all: the row is read, and if it names that very run, the cached run is
 * the answer.
 */
@ApplicationScoped
public class ExecutionDetailsService {

    private final ExecutionLookup lookup;
    private final TemporalRunReader temporal;
    private final RunlensConfig config;
    private final BackendCalls calls;
    private final ClosedRunCache closedRuns;
    private final CodecDecoding codec;

    public ExecutionDetailsService(ExecutionLookup lookup, TemporalRunReader temporal, RunlensConfig config,
            BackendCalls calls, ClosedRunCache closedRuns, CodecDecoding codec) {
        this.closedRuns = closedRuns;
        this.codec = codec;
        this.lookup = lookup;
        this.temporal = temporal;
        this.config = config;
        this.calls = calls;
    }

    /**
     * The execution with its latest run ({@code runId} empty) or the run named, and the chain of
     * runs it spans.
     */
    public Uni<ExecutionDetails> details(String organizationId, ExecutionRef ref, int recentWindow, Optional<String> runId) {
        Uni<ExecutionDetails> details = runId.isPresent() ? namedRun(organizationId, ref, runId.get(), recentWindow)
                : latestRun(organizationId, ref, recentWindow);
        return details.flatMap(found -> Uni.combine().all()
                .unis(temporal.chain(found.run()), codec.decode(found.run())).asTuple()
                .map(chainAndCodec -> new ExecutionDetails(found.row(), found.run(), chainAndCodec.getItem1())));
    }

    private Uni<ExecutionDetails> namedRun(String organizationId, ExecutionRef ref, String runId, int recentWindow) {
        return calls.observe("row", "execution row", lookup.require(organizationId, ref))
                .flatMap(row -> temporal.read(namespaceOf(row), row.temporalWorkflowId, runId, recentWindow)
                        .flatMap(run -> belongsTo(row, run).map(belongs -> {
                            // A run of a reused workflow id is no run of this execution: the same 404 as none at all.
                            if (TemporalRun.NOT_FOUND.equals(run.availability()) || !belongs) {
                                throw new RunNotFoundException(runId);
                            }
                            return new ExecutionDetails(row, run);
                        })));
    }

    /** The execution exists but Temporal knows no run of it with this id. */
    public static final class RunNotFoundException extends RuntimeException {
        public RunNotFoundException(String runId) {
            super("the execution has no run " + runId, null, false, false);
        }
    }

    private Uni<ExecutionDetails> latestRun(String organizationId, ExecutionRef ref, int recentWindow) {
        String defaultNamespace = config.temporal().namespace();
        Uni<ExecutionRecord> row = calls.observe("row", "execution row", lookup.require(organizationId, ref));
        Optional<TemporalRun> settled = closedRuns.finalRun(organizationId, ref.raw(), recentWindow);
        if (settled.isPresent() || config.api().fetchMode() == RunlensConfig.FetchMode.SEQUENTIAL) {
            // Nothing to overlap when the run is known to be over: only the row can say whether it is this one.
            return row.flatMap(found -> settled.filter(run -> isRunOf(found, run))
                    .map(run -> Uni.createFrom().item(new ExecutionDetails(found, run)))
                    .orElseGet(() -> readRun(found, recentWindow)))
                    .invoke(details -> rememberFinal(organizationId, ref, details, recentWindow));
        }
        Uni<TemporalRun> speculative = temporal.read(defaultNamespace, ref.raw(), "", recentWindow);
        // Fails fast: a missing row cancels the Temporal call instead of waiting for it.
        return Uni.combine().all().unis(row, speculative).asTuple().flatMap(pair -> {
            ExecutionRecord found = pair.getItem1();
            TemporalRun run = pair.getItem2();
            if (found.temporalWorkflowId.equals(ref.raw()) && namespaceOf(found).equals(defaultNamespace)) {
                return ofThisExecution(found, run, recentWindow);
            }
            return readRun(found, recentWindow);
        }).invoke(details -> rememberFinal(organizationId, ref, details, recentWindow));
    }

    /**
     * Remembers the final run shown for {@code ref}, but only when the row names that very run: a
     * row that names no run cannot confirm the hint, so the hint would only put Temporal after the
     * row instead of beside it.
     */
    private void rememberFinal(String organizationId, ExecutionRef ref, ExecutionDetails details, int recentWindow) {
        if (isRunOf(details.row(), details.run())) {
            closedRuns.rememberFinal(organizationId, ref.raw(), details.run(), recentWindow);
        }
    }

    private Uni<ExecutionDetails> readRun(ExecutionRecord row, int recentWindow) {
        return temporal.read(namespaceOf(row), row.temporalWorkflowId, "", recentWindow)
                .flatMap(run -> ofThisExecution(row, run, recentWindow));
    }

    /**
     * {@code latest}, the latest run of the row's workflow id, when it is of this execution; otherwise
     * the run the row names. Temporal lets anyone start a closed workflow id again, another
     * organization included, so "the latest run of the workflow id" may be a stranger's.
     */
    private Uni<ExecutionDetails> ofThisExecution(ExecutionRecord row, TemporalRun latest, int recentWindow) {
        return belongsTo(row, latest).flatMap(belongs -> belongs ? Uni.createFrom().item(new ExecutionDetails(row, latest))
                : temporal.read(namespaceOf(row), row.temporalWorkflowId, row.temporalRunId, recentWindow)
                        .map(own -> new ExecutionDetails(row, own)));
    }

    /**
     * Whether {@code run} (of the row's workflow id) is of the chain the row's run belongs to: it is
     * the run the row names, or shares its first run (continue-as-new, retries and cron keep
     * {@code first_execution_run_id}; a new start that reuses the id does not). A row that names no
     * run can only trust its workflow id. One extra round trip, only when the row names a run that is
     * neither the one read nor its chain's first.
     */
    private Uni<Boolean> belongsTo(ExecutionRecord row, TemporalRun run) {
        String named = row.temporalRunId;
        if (named == null || named.isBlank() || !run.isAvailable() || named.equals(run.runId())) {
            return Uni.createFrom().item(true);
        }
        String first = run.facts() == null ? "" : run.facts().firstRunId();
        if (first.isEmpty() || first.equals(named)) {
            return Uni.createFrom().item(!first.isEmpty());
        }
        return temporal.firstRunOf(namespaceOf(row), row.temporalWorkflowId, named)
                .map(namedFirst -> namedFirst.filter(first::equals).isPresent());
    }

    /** Whether a cached closed run is the run this row names (and not an older use of its workflow id). */
    private boolean isRunOf(ExecutionRecord row, TemporalRun run) {
        return row.temporalRunId != null && row.temporalRunId.equals(run.runId())
                && row.temporalWorkflowId.equals(run.workflowId()) && namespaceOf(row).equals(run.namespace());
    }

    private String namespaceOf(ExecutionRecord row) {
        return row.temporalNamespace == null || row.temporalNamespace.isBlank() ? config.temporal().namespace()
                : row.temporalNamespace;
    }

    /**
     * One run of a workflow definition for the step view. The row comes first here: only it knows
     * the Temporal workflow id of a run named by its definition and run id.
     */
    public Uni<ExecutionDetails> run(String organizationId, String workflowId, ExecutionRef run) {
        return calls.observe("row", "execution row", lookup.requireRun(organizationId, workflowId, run)).flatMap(row -> {
            String runId = run.uuid().isPresent() && run.uuid().get().equals(row.id)
                    ? (row.temporalRunId == null ? "" : row.temporalRunId)
                    : run.raw();
            return temporal.read(namespaceOf(row), row.temporalWorkflowId, runId, 0)
                    .call(codec::decode)
                    .map(temporalRun -> new ExecutionDetails(row, temporalRun));
        });
    }
}
