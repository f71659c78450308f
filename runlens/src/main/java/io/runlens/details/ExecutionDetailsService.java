package io.runlens.details;

import io.runlens.config.FetchMode;
import io.runlens.config.RunlensConfig;
import io.runlens.execution.ExecutionLookup;
import io.runlens.execution.ExecutionNotVisibleException;
import io.runlens.execution.ExecutionRecord;
import io.runlens.execution.ExecutionRef;
import io.runlens.faults.TemporalBudget;
import io.runlens.observability.BackendCalls;
import io.runlens.payload.CodecDecoding;
import io.runlens.runs.ExecutionRuns;
import io.runlens.runs.KnownRuns;
import io.runlens.runs.RunChains;
import io.runlens.runs.RunIdentity;
import io.runlens.runs.RunReads;
import io.runlens.temporal.ClosedRunCache;
import io.runlens.temporal.TemporalRun;
import io.runlens.temporal.TemporalRunReader;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Fetches an execution's row (PostgreSQL) and its run (Temporal) in parallel and pairs them.
 *
 * <p>Temporal is asked for the id as given while the row is read, because platforms usually use
 * the id they show as the workflow id: then Temporal is never kept waiting for the row. When the
 * row says the workflow id or namespace is something else, the run is read again with what the row
 * says; the speculative answer is dropped unseen. The row decides visibility: no row in the
 * caller's organization means no Temporal data, whatever Temporal holds. Which run is shown is the
 * run rule's ({@link ExecutionRuns}), as for every endpoint.
 *
 * <p>When this id last led to a closed run that nothing followed, Temporal said so within
 * {@code revalidate-after}, and the cache still holds it, Temporal is not asked at all: the row is
 * read, and if it names that very run, the cached run is the answer.
 */
@ApplicationScoped
public class ExecutionDetailsService {

    private final ExecutionLookup lookup;
    private final TemporalRunReader temporal;
    private final ExecutionRuns runs;
    private final RunChains chains;
    private final KnownRuns known;
    private final RunlensConfig config;
    private final BackendCalls calls;
    private final ClosedRunCache closedRuns;
    private final CodecDecoding codec;

    public ExecutionDetailsService(
            ExecutionLookup lookup,
            TemporalRunReader temporal,
            ExecutionRuns runs,
            RunChains chains,
            KnownRuns known,
            RunlensConfig config,
            BackendCalls calls,
            ClosedRunCache closedRuns,
            CodecDecoding codec) {
        this.lookup = lookup;
        this.temporal = temporal;
        this.runs = runs;
        this.chains = chains;
        this.known = known;
        this.config = config;
        this.calls = calls;
        this.closedRuns = closedRuns;
        this.codec = codec;
    }

    /**
     * The execution with the run the run rule shows ({@code runId} empty: the latest of its chain), and
     * the chain of runs it spans, within {@code budget}.
     */
    public Uni<ExecutionDetails> details(
            String organizationId, ExecutionRef ref, int recentWindow, Optional<String> runId, TemporalBudget budget) {
        Uni<Shown> shown = runId.isPresent()
                ? row(organizationId, ref)
                        .flatMap(row -> runs.show(row, runId, reads(row, recentWindow, budget), budget.deadline())
                                .map(run -> new Shown(row, run)))
                : latestRun(organizationId, ref, recentWindow, budget);
        return shown.flatMap(found -> Uni.combine()
                .all()
                .unis(chains.chain(found.row(), found.run(), budget.deadline()), decodeCodecPayloads(found.run()))
                .asTuple()
                .map(chainAndCodec -> new ExecutionDetails(
                        found.row(), found.run(), chainAndCodec.getItem1(), chainAndCodec.getItem2())));
    }

    private record Shown(ExecutionRecord row, TemporalRun run) {}

    private Uni<java.util.Map<com.fasterxml.jackson.databind.JsonNode, com.fasterxml.jackson.databind.JsonNode>>
            decodeCodecPayloads(TemporalRun run) {
        return codec.decode(run.namespace(), run.workflowId(), run.encodedPayloads());
    }

    private Uni<ExecutionRecord> row(String organizationId, ExecutionRef ref) {
        return calls.observe("row", "execution row", lookup.require(organizationId, ref));
    }

    private Uni<Shown> latestRun(String organizationId, ExecutionRef ref, int recentWindow, TemporalBudget budget) {
        String defaultNamespace = config.temporal().namespace();
        Uni<ExecutionRecord> row = row(organizationId, ref);
        Optional<TemporalRun> settled = closedRuns.finalRun(organizationId, ref.raw(), recentWindow);
        if (settled.isPresent() || config.api().fetchMode() == FetchMode.SEQUENTIAL) {
            // Nothing to overlap when the run is known to be over: only the row can say whether it is this one.
            return row.flatMap(found -> {
                Optional<TemporalRun> hinted = settled.filter(run -> isRunOf(found, run));
                if (hinted.isPresent()) {
                    return Uni.createFrom().item(new Shown(found, hinted.get()));
                }
                return runs.show(found, Optional.empty(), reads(found, recentWindow, budget), budget.deadline())
                        .map(run -> new Shown(found, run))
                        .invoke(shown -> rememberFinal(organizationId, ref, shown));
            });
        }
        Uni<TemporalRun> speculative = temporal.read(defaultNamespace, ref.raw(), "", recentWindow, budget);
        // Fails fast: a missing row cancels the Temporal call instead of waiting for it.
        return Uni.combine()
                .all()
                .unis(row, speculative)
                .asTuple()
                .flatMap(pair -> {
                    ExecutionRecord found = pair.getItem1();
                    RunReads<TemporalRun> reads = reads(found, recentWindow, budget);
                    Uni<TemporalRun> run = found.temporalWorkflowId.equals(ref.raw())
                                    && runs.namespaceOf(found).equals(defaultNamespace)
                            ? runs.showLatest(found, pair.getItem2(), reads, budget.deadline())
                            : runs.show(found, Optional.empty(), reads, budget.deadline());
                    return run.map(shown -> new Shown(found, shown));
                })
                .invoke(shown -> rememberFinal(organizationId, ref, shown));
    }

    /**
     * Remembers the final run shown for {@code ref}, but only when the row names that very run: a
     * row that names no run cannot confirm the hint, so the hint would only put Temporal after the
     * row instead of beside it.
     */
    private void rememberFinal(String organizationId, ExecutionRef ref, Shown shown) {
        if (isRunOf(shown.row(), shown.run())) {
            closedRuns.rememberFinal(organizationId, ref.raw(), shown.run());
        }
    }

    /** Whether a cached closed run is the run this row names (and not an older use of its workflow id). */
    private boolean isRunOf(ExecutionRecord row, TemporalRun run) {
        return row.temporalRunId != null
                && row.temporalRunId.equals(run.runId())
                && row.temporalWorkflowId.equals(run.workflowId())
                && runs.namespaceOf(row).equals(run.namespace());
    }

    /** How the run rule reads folded runs of the row's workflow for an answer. */
    private RunReads<TemporalRun> reads(ExecutionRecord row, int recentWindow, TemporalBudget budget) {
        String namespace = runs.namespaceOf(row);
        return new RunReads<>() {
            @Override
            public Uni<TemporalRun> read(String runId) {
                return temporal.read(namespace, row.temporalWorkflowId, runId, recentWindow, budget);
            }

            @Override
            public Optional<RunIdentity> identity(TemporalRun run) {
                return run.isAvailable()
                        ? Optional.of(new RunIdentity(
                                run.runId(),
                                run.facts() == null ? "" : run.facts().firstRunId()))
                        : Optional.empty();
            }

            @Override
            public boolean isNotFound(TemporalRun run) {
                return TemporalRun.NOT_FOUND.equals(run.availability());
            }
        };
    }

    /**
     * One run of a workflow definition for the step view: {@code run} is the execution UUID (then the run
     * shown is the one details show) or a Temporal run id of the execution's chain (the one its row
     * names, or a later one Runlens has seen). The row comes first here: only it knows the Temporal
     * workflow id of a run named by its definition and run id.
     */
    public Uni<ExecutionDetails> run(
            String organizationId, String workflowId, ExecutionRef run, TemporalBudget budget) {
        Uni<ExecutionRecord> row = calls.observe(
                        "row", "execution row", lookup.requireRun(organizationId, workflowId, run))
                .onFailure(ExecutionNotVisibleException.class)
                .recoverWithUni(notFound -> known.executionOf(organizationId, run.raw())
                        .flatMap(execution -> execution
                                .<Uni<ExecutionRecord>>map(
                                        id -> lookup.require(organizationId, ExecutionRef.parse(id.toString())))
                                .orElseGet(() -> Uni.createFrom().failure(notFound)))
                        .map(found -> {
                            if (!found.workflowId.equals(workflowId)) {
                                throw (ExecutionNotVisibleException) notFound;
                            }
                            return found;
                        }));
        return row.flatMap(found -> {
            boolean byExecutionId = run.uuid().isPresent() && run.uuid().get().equals(found.id);
            Optional<String> requested = byExecutionId ? Optional.empty() : Optional.of(run.raw());
            return runs.show(found, requested, reads(found, 0, budget), budget.deadline())
                    .flatMap(shown -> decodeCodecPayloads(shown)
                            .map(decoded -> new ExecutionDetails(found, shown, List.of(), decoded)));
        });
    }
}
