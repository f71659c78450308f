package io.runlens.execution;

import io.quarkus.arc.All;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs every form of the request path's queries once at start-up, for an organization that cannot
 * exist. Hibernate translates an HQL string the first time it sees it, on the thread that runs it:
 * for a request that is the event loop, and on a busy machine the first requests after a start took
 * seconds there (Vert.x "thread blocked" warnings inside the HQL parser) and ran into the database
 * deadline. Translated here, on the start-up thread, every request finds its plan cached.
 */
@ApplicationScoped
public class QueryPlanWarmup {

    private static final Logger LOG = Logger.getLogger(QueryPlanWarmup.class);

    /**
     * No organization id is empty: every warm-up query is an index lookup that finds nothing, so the
     * warm-up reads no row, whatever the tables hold (planning a cursor form, PostgreSQL may read the
     * index's oldest entry to estimate it).
     */
    static final String NO_ORGANIZATION = "";

    /**
     * A workflow id one byte over Temporal's limit, which the table's CHECK constraint keeps out: the
     * existence check looks outside {@link #NO_ORGANIZATION}, that is everywhere, so it needs an id
     * that no row can have to read nothing.
     */
    static final ExecutionRef NO_WORKFLOW =
            new ExecutionRef("w".repeat(ExecutionRef.MAX_WORKFLOW_ID_BYTES + 1), Optional.empty());

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private final ExecutionRepository executions;
    private final List<QueryForms> otherForms;
    private volatile int warmed;

    public QueryPlanWarmup(ExecutionRepository executions, @All List<QueryForms> otherForms) {
        this.executions = executions;
        this.otherForms = otherForms;
    }

    // StartupEvent observers run on the main thread, after Flyway has migrated: waiting here is safe.
    void onStart(@Observes StartupEvent event) {
        List<Supplier<Uni<?>>> queries = queries();
        Uni<Integer> all = Uni.createFrom().item(0);
        for (Supplier<Uni<?>> query : queries) {
            // One after the other: each repository call has its own session, never two at once.
            all = all.flatMap(done -> query.get().replaceWith(done + 1));
        }
        Uni<Integer> bounded = all.ifNoItem().after(LIMIT).fail();
        try {
            warmed = VertxContextSupport.subscribeAndAwait(() -> bounded);
            LOG.debugf("translated %d query forms at start-up", warmed);
        } catch (Throwable failure) {
            // PostgreSQL down at start-up is readiness' business; requests then translate their own queries.
            LOG.infof("query warm-up skipped (%s): the first requests translate their queries", failure.toString());
        }
    }

    /** How many query forms were run at start-up (0 if the warm-up could not reach the database). */
    public int warmed() {
        return warmed;
    }

    /** Every distinct HQL string the request path can run: the execution row's, and the other features' ({@link QueryForms}). */
    List<Supplier<Uni<?>>> queries() {
        ExecutionRef byUuid = ExecutionRef.parse(UUID.randomUUID().toString());
        ExecutionRef byWorkflowId = ExecutionRef.parse("runlens-warmup");
        List<Supplier<Uni<?>>> queries = new ArrayList<>();
        for (ExecutionRef ref : List.of(byUuid, byWorkflowId)) {
            queries.add(() -> executions.findInOrganization(NO_ORGANIZATION, ref));
            queries.add(() -> executions.findRunOfWorkflow(NO_ORGANIZATION, "runlens-warmup", ref));
            // A random UUID is nobody's id or workflow id; the workflow-id form needs one no row can hold.
            queries.add(
                    () -> executions.existsOutside(NO_ORGANIZATION, ref.uuid().isPresent() ? ref : NO_WORKFLOW));
        }
        // The list has three forms: with a workflow definition, with a workflow type and no definition, with
        // neither; every other filter and the cursor are parameters of the same form
        // (ExecutionRepository#pageInOrganization).
        Optional<PageCursor> cursor = Optional.of(new PageCursor(Instant.EPOCH, new UUID(0, 0)));
        ExecutionFilter plain = new ExecutionFilter(Optional.of(ExecutionStatus.RUNNING), Optional.empty());
        ExecutionFilter ofType = new ExecutionFilter(
                plain.statuses(),
                Optional.empty(),
                Optional.of("runlens-warmup"),
                ExecutionFilter.TimeRange.ANY,
                ExecutionFilter.TimeRange.ANY);
        for (ExecutionFilter filter : List.of(plain, ofType, plain.ofDefinition("runlens-warmup"))) {
            queries.add(() -> executions.pageInOrganization(NO_ORGANIZATION, filter, cursor, 1));
        }
        otherForms.forEach(forms -> queries.addAll(forms.forms()));
        return queries;
    }
}
