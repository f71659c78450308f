package io.runlens.execution;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Reads execution rows. Every method takes the caller's organization and never returns another
 * organization's row. Each method is one query on its own session, so callers may run one of them
 * concurrently with non-database work, never two of them at once on the same request.
 */
@ApplicationScoped
public class ExecutionRepository implements PanacheRepositoryBase<ExecutionRecord, java.util.UUID> {

    /**
     * The execution named by {@code ref} in {@code organizationId}. An exact UUID match wins over a
     * workflow id that happens to look like a UUID; among workflow id matches the newest wins.
     */
    @WithSession
    public Uni<Optional<ExecutionRecord>> findInOrganization(String organizationId, ExecutionRef ref) {
        Uni<ExecutionRecord> row = ref.uuid()
                .map(uuid -> find(
                                """
                        organizationId = :org and (id = :id or temporalWorkflowId = :raw)
                        order by case when id = :id then 0 else 1 end, createdAt desc""",
                                Parameters.with("org", organizationId)
                                        .and("id", uuid)
                                        .and("raw", ref.raw()))
                        .firstResult())
                .orElseGet(() -> find(
                                "organizationId = :org and temporalWorkflowId = :raw order by createdAt desc",
                                Parameters.with("org", organizationId).and("raw", ref.raw()))
                        .firstResult());
        return row.map(Optional::ofNullable);
    }

    /**
     * The execution of workflow definition {@code workflowId} named by {@code run}: its execution
     * UUID or its Temporal run id.
     */
    @WithSession
    public Uni<Optional<ExecutionRecord>> findRunOfWorkflow(
            String organizationId, String workflowId, ExecutionRef run) {
        Uni<ExecutionRecord> row = run.uuid()
                .map(uuid -> find(
                                """
                        organizationId = :org and workflowId = :workflowId and (id = :id or temporalRunId = :raw)
                        order by case when id = :id then 0 else 1 end, createdAt desc""",
                                Parameters.with("org", organizationId)
                                        .and("workflowId", workflowId)
                                        .and("id", uuid)
                                        .and("raw", run.raw()))
                        .firstResult())
                .orElseGet(() -> find(
                                "organizationId = :org and workflowId = :workflowId and temporalRunId = :raw",
                                Parameters.with("org", organizationId)
                                        .and("workflowId", workflowId)
                                        .and("raw", run.raw()))
                        .firstResult());
        return row.map(Optional::ofNullable);
    }

    /**
     * Whether {@code ref} names an execution of any organization other than {@code organizationId}. An
     * index lookup by id or workflow id that stops at the first such row: only rows with that id are
     * read (execution_temporal_workflow_org_idx), never the table, whatever {@code organizationId} is.
     */
    @WithSession
    public Uni<Boolean> existsOutside(String organizationId, ExecutionRef ref) {
        String named =
                ref.uuid().isPresent() ? "(e.id = :id or e.temporalWorkflowId = :raw)" : "e.temporalWorkflowId = :raw";
        return getSession()
                .flatMap(session -> {
                    Mutiny.SelectionQuery<Integer> query = session.createSelectionQuery(
                                    "select 1 from ExecutionRecord e where " + named + " and e.organizationId <> :org",
                                    Integer.class)
                            .setParameter("raw", ref.raw())
                            .setParameter("org", organizationId);
                    ref.uuid().ifPresent(uuid -> query.setParameter("id", uuid));
                    return query.setMaxResults(1).getSingleResultOrNull();
                })
                .map(Objects::nonNull);
    }

    /**
     * One page of the organization's executions, newest first, strictly after {@code after}. Returns up
     * to {@code limit + 1} rows so that the caller can tell whether another page follows.
     */
    @WithSession
    public Uni<List<ExecutionRecord>> pageInOrganization(
            String organizationId, ExecutionFilter filter, Optional<PageCursor> after, int limit) {
        StringBuilder query = new StringBuilder("organizationId = :org");
        Parameters params = Parameters.with("org", organizationId);
        filter.status().ifPresent(status -> {
            query.append(" and status = :status");
            params.and("status", status);
        });
        filter.workflowId().ifPresent(workflowId -> {
            query.append(" and workflowId = :workflowId");
            params.and("workflowId", workflowId);
        });
        after.ifPresent(cursor -> {
            query.append(" and (createdAt < :afterCreated or (createdAt = :afterCreated and id < :afterId))");
            params.and("afterCreated", cursor.createdAt()).and("afterId", cursor.id());
        });
        query.append(" order by createdAt desc, id desc");
        return find(query.toString(), params).range(0, limit).list();
    }
}
