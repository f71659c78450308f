package io.runlens.execution;

import io.runlens.config.ForeignExecutionResponse;
import io.runlens.config.RunlensConfig;
import io.runlens.faults.BackendGuards;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Finds execution rows for a caller, applying the cross-tenant policy. Every query runs under the
 * database deadline and breaker ({@link BackendGuards}); one at a time, never two on one session.
 */
@ApplicationScoped
public class ExecutionLookup {

    private final ExecutionRepository repository;
    private final RunlensConfig config;
    private final BackendGuards guards;

    public ExecutionLookup(ExecutionRepository repository, RunlensConfig config, BackendGuards guards) {
        this.repository = repository;
        this.config = config;
        this.guards = guards;
    }

    /**
     * The row named by {@code ref} in the caller's organization; fails with
     * {@link ExecutionNotVisibleException} otherwise.
     */
    public Uni<ExecutionRecord> require(String organizationId, ExecutionRef ref) {
        return guards.database(() -> repository.findInOrganization(organizationId, ref))
                .flatMap(
                        row -> row.map(r -> Uni.createFrom().item(r)).orElseGet(() -> notVisible(organizationId, ref)));
    }

    /**
     * The run {@code run} (execution UUID or Temporal run id) of workflow definition {@code workflowId}
     * in the caller's organization; an execution of another workflow is not visible here.
     */
    public Uni<ExecutionRecord> requireRun(String organizationId, String workflowId, ExecutionRef run) {
        return guards.database(() -> repository.findRunOfWorkflow(organizationId, workflowId, run))
                .flatMap(row -> row.map(r -> Uni.createFrom().item(r))
                        .orElseGet(() -> Uni.createFrom().failure(new ExecutionNotVisibleException(run.raw(), false))));
    }

    // The existence check elsewhere runs after the first query, never beside it on the same session.
    private Uni<ExecutionRecord> notVisible(String organizationId, ExecutionRef ref) {
        if (config.api().foreignExecution() != ForeignExecutionResponse.FORBIDDEN) {
            return Uni.createFrom().failure(new ExecutionNotVisibleException(ref.raw(), false));
        }
        return guards.database(() -> repository.existsOutside(organizationId, ref))
                .flatMap(elsewhere -> Uni.createFrom().failure(new ExecutionNotVisibleException(ref.raw(), elsewhere)));
    }

    /** A page of the caller's executions and the cursor of the next one, if any. */
    public Uni<Page> page(String organizationId, ExecutionFilter filter, Optional<PageCursor> after, int limit) {
        return guards.database(() -> repository.pageInOrganization(organizationId, filter, after, limit))
                .map(rows -> {
                    if (rows.size() <= limit) {
                        return new Page(rows, Optional.empty());
                    }
                    List<ExecutionRecord> items = rows.subList(0, limit);
                    return new Page(items, Optional.of(PageCursor.after(items.get(limit - 1), filter)));
                });
    }

    /** Rows of one page, and where the next page starts. */
    public record Page(List<ExecutionRecord> rows, Optional<PageCursor> next) {}
}
