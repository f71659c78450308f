package io.runlens.details;

import io.runlens.config.RunlensConfig;
import io.runlens.observability.BackendCalls;
import io.runlens.execution.ExecutionLookup;
import io.runlens.execution.ExecutionRecord;
import io.runlens.execution.ExecutionRef;
import io.runlens.temporal.TemporalRun;
import io.runlens.temporal.TemporalRunReader;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fetches an execution's row (PostgreSQL) and its run (Temporal) in parallel and pairs them.
 *
 * <p>Temporal is asked for the id as given while the row is read, because platforms usually use
 * the id they show as the workflow id: then Temporal is never kept waiting for the row. When the
 * row says the workflow id or namespace is something else, the run is read again with what the row
 * says; the speculative answer is dropped unseen. The row decides visibility: no row in the
 * caller's organization means no Temporal data, whatever Temporal holds.
 */
@ApplicationScoped
public class ExecutionDetailsService {

    private final ExecutionLookup lookup;
    private final TemporalRunReader temporal;
    private final RunlensConfig config;
    private final BackendCalls calls;

    public ExecutionDetailsService(ExecutionLookup lookup, TemporalRunReader temporal, RunlensConfig config,
            BackendCalls calls) {
        this.lookup = lookup;
        this.temporal = temporal;
        this.config = config;
        this.calls = calls;
    }

    public Uni<ExecutionDetails> details(String organizationId, ExecutionRef ref, int recentWindow) {
        String defaultNamespace = config.temporal().namespace();
        Uni<ExecutionRecord> row = calls.observe("row", "execution row", lookup.require(organizationId, ref));
        Uni<TemporalRun> speculative = temporal.read(defaultNamespace, ref.raw(), "", recentWindow);
        // Fails fast: a missing row cancels the Temporal call instead of waiting for it.
        return Uni.combine().all().unis(row, speculative).asTuple().flatMap(pair -> {
            ExecutionRecord found = pair.getItem1();
            TemporalRun run = pair.getItem2();
            if (found.temporalWorkflowId.equals(ref.raw()) && namespaceOf(found).equals(defaultNamespace)) {
                return Uni.createFrom().item(new ExecutionDetails(found, run));
            }
            return temporal.read(namespaceOf(found), found.temporalWorkflowId, "", recentWindow)
                    .map(actual -> new ExecutionDetails(found, actual));
        });
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
                    .map(temporalRun -> new ExecutionDetails(row, temporalRun));
        });
    }
}
