package io.runlens.execution;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.runlens.support.ExecutionRows;
import io.runlens.support.TableReads;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * Every query of the request path, run against a table where one organization has many rows, reads
 * about as many rows as it answers with: an index finds them, whatever the filter. A query that scans
 * the table, or all of an organization's rows, is slow for everyone once the table is large. Measured
 * with PostgreSQL's own counters for the table ({@link TableReads}), so it is the SQL Hibernate really
 * sends that is checked.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecutionQueryCostTest {

    /** Rows of the large organization, all of one workflow definition. */
    static final int ROWS = 20_000;
    /** Rows a lookup may read beyond those it answers with: one, and room for a recheck. */
    static final long SLACK = 3;
    /** The workflow type of one row only (the others have none). */
    static final String RARE_TYPE = "RefundWorkflow";

    private final ExecutionRows rows;
    private final DataSource dataSource;
    private final ExecutionRepository repository;

    private final String big = "org-big-" + UUID.randomUUID();
    private final String prefix = "cost-" + UUID.randomUUID();
    private UUID rare;
    private String rareWorkflowId;

    ExecutionQueryCostTest(ExecutionRows rows, DataSource dataSource, ExecutionRepository repository) {
        this.rows = rows;
        this.dataSource = dataSource;
        this.repository = repository;
    }

    @BeforeAll
    void aLargeOrganization() {
        rareWorkflowId = prefix + "-rare";
        rare = rows.insert(
                big,
                Map.of(
                        "workflow_id",
                        "wf-big",
                        "status",
                        "failed",
                        "workflow_type",
                        RARE_TYPE,
                        "temporal_workflow_id",
                        rareWorkflowId,
                        "temporal_run_id",
                        prefix + "-rare-run"));
        rows.insertMany(big, "wf-big", prefix, ROWS);
    }

    private static <T> T await(Supplier<Uni<T>> query) {
        try {
            return VertxContextSupport.subscribeAndAwait(query::get);
        } catch (Throwable e) {
            throw new AssertionError("query failed", e);
        }
    }

    /** Runs {@code query} and checks that it read no more than {@code answered} rows (plus {@link #SLACK}) through an index. */
    private Executable readsAbout(String what, long answered, Supplier<Uni<?>> query) {
        TableReads.Counts read = TableReads.ofOneQuery(dataSource, "execution", () -> await(query::get));
        return () -> {
            assertEquals(0, read.seqScans(), what + ": sequential scans of the table (" + read + ")");
            assertTrue(
                    read.indexRowsFetched() <= answered + SLACK,
                    what + ": read " + read.indexRowsFetched() + " rows through indexes to answer with " + answered
                            + " (" + read + ")");
        };
    }

    @Test
    void everyLookupReadsAboutTheRowsItAnswersWith() {
        ExecutionRef byRunId = ExecutionRef.parse(prefix + "-rare-run");
        ExecutionRef byUuid = ExecutionRef.parse(rare.toString());
        ExecutionRef byWorkflowId = ExecutionRef.parse(rareWorkflowId);
        String elsewhere = "org-" + UUID.randomUUID();
        ExecutionFilter failed = new ExecutionFilter(Optional.of(ExecutionStatus.FAILED), Optional.empty());
        ExecutionFilter failedOfDefinition =
                new ExecutionFilter(Optional.of(ExecutionStatus.FAILED), Optional.of("wf-big"));
        ExecutionFilter runningOfDefinition =
                new ExecutionFilter(Optional.of(ExecutionStatus.RUNNING), Optional.of("wf-big"));

        // What the queries answer; then a pause, so that only the measured queries are counted below.
        assertEquals(
                Optional.of(rare),
                await(() -> repository.findRunOfWorkflow(big, "wf-big", byRunId))
                        .map(row -> row.id));
        assertTrue(await(() -> repository.existsOutside(elsewhere, byWorkflowId)));
        assertFalse(await(() -> repository.existsOutside(big, byWorkflowId)));
        assertEquals(
                List.of(rare),
                await(() -> repository.pageInOrganization(big, failed, Optional.empty(), 50)).stream()
                        .map(row -> row.id)
                        .toList());
        assertEquals(
                List.of(rare),
                await(() -> repository.pageInOrganization(
                                big,
                                new ExecutionFilter(
                                        Set.of(),
                                        Optional.empty(),
                                        Optional.of(RARE_TYPE),
                                        ExecutionFilter.TimeRange.ANY,
                                        ExecutionFilter.TimeRange.ANY),
                                Optional.empty(),
                                50))
                        .stream()
                        .map(row -> row.id)
                        .toList());
        TableReads.settle();

        List<Executable> checks = new ArrayList<>();
        checks.add(readsAbout(
                "step view by Temporal run id", 1, () -> repository.findRunOfWorkflow(big, "wf-big", byRunId)));
        checks.add(readsAbout(
                "step view by execution UUID", 1, () -> repository.findRunOfWorkflow(big, "wf-big", byUuid)));
        checks.add(readsAbout("lookup by workflow id", 1, () -> repository.findInOrganization(big, byWorkflowId)));
        checks.add(readsAbout("lookup by UUID", 1, () -> repository.findInOrganization(big, byUuid)));
        checks.add(readsAbout(
                "exists elsewhere, by workflow id", 1, () -> repository.existsOutside(elsewhere, byWorkflowId)));
        checks.add(readsAbout("exists elsewhere, by UUID", 1, () -> repository.existsOutside(elsewhere, byUuid)));
        checks.add(readsAbout(
                "exists elsewhere, nowhere",
                0,
                () -> repository.existsOutside(elsewhere, ExecutionRef.parse(prefix + "-nowhere"))));
        checks.add(readsAbout(
                "list with a rare status", 1, () -> repository.pageInOrganization(big, failed, Optional.empty(), 50)));
        checks.add(readsAbout(
                "list of a definition with a rare status",
                1,
                () -> repository.pageInOrganization(big, failedOfDefinition, Optional.empty(), 50)));
        checks.add(readsAbout(
                "list of a definition with an absent status",
                0,
                () -> repository.pageInOrganization(big, runningOfDefinition, Optional.empty(), 50)));
        checks.add(readsAbout(
                "list page, no filter",
                51,
                () -> repository.pageInOrganization(big, ExecutionFilter.none(), Optional.empty(), 50)));
        // The filters beyond one status share one query form; the creation time bounds the scan.
        Instant first = Instant.parse("2026-01-01T00:00:00Z");
        ExecutionFilter failedOrRunning = new ExecutionFilter(
                Set.of(ExecutionStatus.FAILED, ExecutionStatus.RUNNING),
                Optional.empty(),
                Optional.empty(),
                ExecutionFilter.TimeRange.ANY,
                ExecutionFilter.TimeRange.ANY);
        checks.add(readsAbout(
                "list with two statuses, one rare, one absent",
                1,
                () -> repository.pageInOrganization(big, failedOrRunning, Optional.empty(), 50)));
        Optional<PageCursor> deep = Optional.of(new PageCursor(first.plusSeconds(10_000), new UUID(-1L, -1L)));
        checks.add(readsAbout(
                "list page after a cursor deep in the table",
                51,
                () -> repository.pageInOrganization(big, ExecutionFilter.none(), deep, 50)));
        ExecutionFilter window = new ExecutionFilter(
                Set.of(),
                Optional.empty(),
                Optional.empty(),
                new ExecutionFilter.TimeRange(
                        Optional.of(first.plusSeconds(5_000)), Optional.of(first.plusSeconds(5_010))),
                ExecutionFilter.TimeRange.ANY);
        checks.add(readsAbout(
                "list of a ten-second creation window deep in the table",
                10,
                () -> repository.pageInOrganization(big, window, Optional.empty(), 50)));
        ExecutionFilter completedOrFailedInWindow = new ExecutionFilter(
                Set.of(ExecutionStatus.COMPLETED, ExecutionStatus.FAILED),
                Optional.of("wf-big"),
                Optional.empty(),
                window.created(),
                ExecutionFilter.TimeRange.ANY);
        Optional<PageCursor> insideWindow = Optional.of(new PageCursor(first.plusSeconds(5_005), new UUID(-1L, -1L)));
        checks.add(readsAbout(
                "two statuses of a definition in a creation window, after a cursor inside it",
                5,
                () -> repository.pageInOrganization(big, completedOrFailedInWindow, insideWindow, 50)));
        ExecutionFilter ofRareType = new ExecutionFilter(
                Set.of(),
                Optional.empty(),
                Optional.of(RARE_TYPE),
                ExecutionFilter.TimeRange.ANY,
                ExecutionFilter.TimeRange.ANY);
        checks.add(readsAbout(
                "list of a rare workflow type",
                1,
                () -> repository.pageInOrganization(big, ofRareType, Optional.empty(), 50)));
        checks.add(readsAbout(
                "list of a rare workflow type, two statuses",
                1,
                () -> repository.pageInOrganization(
                        big,
                        new ExecutionFilter(
                                Set.of(ExecutionStatus.FAILED, ExecutionStatus.RUNNING),
                                Optional.empty(),
                                Optional.of(RARE_TYPE),
                                ExecutionFilter.TimeRange.ANY,
                                ExecutionFilter.TimeRange.ANY),
                        Optional.empty(),
                        50)));
        assertAll(checks);
    }
}
