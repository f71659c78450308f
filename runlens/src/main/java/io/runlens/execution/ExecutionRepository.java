package io.runlens.execution;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
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
     * One page of the organization's executions that {@code filter} keeps, newest first, strictly after
     * {@code after}. Returns up to {@code limit + 1} rows so that the caller can tell whether another
     * page follows.
     *
     * <p>Three query forms whatever the filter ({@link QueryPlanWarmup} translates each at start-up): one
     * with a workflow definition (index {@code (organization, workflow_id, ...)}; the workflow type a
     * flagged parameter there), one with a workflow type and no definition (index
     * {@code (organization, workflow_type, ...)}), and one with neither. Every other predicate is always
     * there, its parameters saying "any" when the filter does not narrow (every status; the widest times
     * an answer can show; a flag for the start time, which no index holds). The creation time bounds the
     * index scan at both ends, the cursor's position included, so a page reads about as many index
     * entries as it lists.
     */
    @WithSession
    public Uni<List<ExecutionRecord>> pageInOrganization(
            String organizationId, ExecutionFilter filter, Optional<PageCursor> after, int limit) {
        Keyset keyset = Keyset.of(filter.created(), after);
        StringBuilder query = new StringBuilder("""
                organizationId = :org and status in :statuses \
                and createdAt >= :createdFrom and createdAt <= :createdUpTo \
                and (createdAt < :createdUpTo or id < :beforeId) \
                and (:anyStart = true or (startedAt >= :startedFrom and startedAt < :startedBefore))""");
        Parameters params = Parameters.with("org", organizationId)
                .and("statuses", filter.statusesToList())
                .and("createdFrom", keyset.from())
                .and("createdUpTo", keyset.upTo())
                .and("beforeId", keyset.beforeId())
                .and("anyStart", filter.started().isAny())
                .and("startedFrom", filter.started().from().orElse(Keyset.FIRST))
                .and("startedBefore", filter.started().before().orElse(Keyset.AFTER_LAST));
        if (filter.workflowId().isPresent()) {
            // The workflow definition picks the index (organization, workflow_id, ...); a type narrows its rows.
            query.append(" and workflowId = :workflowId and (:anyType = true or workflowType = :workflowType)");
            params.and("workflowId", filter.workflowId().get())
                    .and("anyType", filter.workflowType().isEmpty())
                    .and("workflowType", filter.workflowType().orElse(""));
        } else if (filter.workflowType().isPresent()) {
            // A literal predicate, not a flag: only then can a generic plan use (organization, workflow_type, ...).
            query.append(" and workflowType = :workflowType");
            params.and("workflowType", filter.workflowType().get());
        }
        query.append(" order by createdAt desc, id desc");
        return find(query.toString(), params).range(0, limit).list();
    }

    /**
     * The keyset window in creation time: rows at or after {@code from}, and before {@code upTo} or at
     * {@code upTo} with an id below {@code beforeId}. The upper end is the cursor's position, or the
     * filter's {@code created_before} (nothing at that instant), or past every time an answer can show.
     */
    record Keyset(Instant from, Instant upTo, UUID beforeId) {

        /** The first instant an RFC 3339 answer can show (year 1); PostgreSQL goes further back. */
        static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
        /** Past the last instant an RFC 3339 answer can show (year 9999). */
        static final Instant AFTER_LAST = Instant.parse("9999-12-31T23:59:59.999999Z");

        private static final UUID BELOW_EVERY_ID = new UUID(0, 0);
        private static final UUID ABOVE_EVERY_ID = new UUID(-1L, -1L);

        static Keyset of(ExecutionFilter.TimeRange created, Optional<PageCursor> after) {
            Instant from = created.from().orElse(FIRST);
            Instant upTo = created.before().orElse(AFTER_LAST);
            UUID beforeId = created.before().isPresent() ? BELOW_EVERY_ID : ABOVE_EVERY_ID;
            if (after.isPresent() && !after.get().createdAt().isAfter(upTo)) {
                upTo = after.get().createdAt();
                beforeId = created.before().isPresent()
                                && upTo.equals(created.before().get())
                        ? BELOW_EVERY_ID
                        : after.get().id();
            }
            return new Keyset(from, upTo, beforeId);
        }
    }
}
