package io.runlens.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.runlens.support.ExecutionRows;
import io.runlens.support.TableReads;
import io.smallrye.mutiny.Uni;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class QueryPlanWarmupTest {

    /**
     * List forms, each run with a cursor: with a workflow id, with a workflow type and no workflow id, with
     * neither (every other filter is a parameter).
     */
    private static final int CURSOR_FORMS = 3;

    private final QueryPlanWarmup warmup;
    private final ExecutionRows rows;
    private final DataSource dataSource;

    QueryPlanWarmupTest(QueryPlanWarmup warmup, ExecutionRows rows, DataSource dataSource) {
        this.warmup = warmup;
        this.rows = rows;
        this.dataSource = dataSource;
    }

    @Test
    void everyQueryFormOfTheRequestPathRanAtStartUp() {
        // 3 lookups x 2 id forms, 3 list forms (whatever the filters), the API key lookup.
        assertEquals(10, warmup.queries().size());
        assertEquals(warmup.queries().size(), warmup.warmed());
    }

    /** The warm-up runs at every start: on a large table it must cost index probes, never a scan or a row. */
    @Test
    void theWarmUpReadsNoRowOfATableWithRows() {
        rows.insertMany("org-warm-" + UUID.randomUUID(), "wf-warm", "warm-" + UUID.randomUUID(), 20_000);
        TableReads.settle();
        TableReads.Counts read = TableReads.during(dataSource, "execution", () -> {
            for (Supplier<Uni<?>> query : warmup.queries()) {
                try {
                    VertxContextSupport.subscribeAndAwait(query::get);
                } catch (Throwable e) {
                    throw new AssertionError("a warm-up query failed", e);
                }
            }
        });
        assertEquals(0, read.seqScans(), "sequential scans of the table during the warm-up (" + read + ")");
        // Planning a cursor form, PostgreSQL reads the oldest created_at from the index (the cursor is
        // 1970, below its statistics): one row for each of the 3 list forms, none for the rest.
        assertTrue(read.indexRowsFetched() <= CURSOR_FORMS, "rows read during the warm-up (" + read + ")");
        assertTrue(read.indexScans() > 0, "the warm-up's index probes are counted (" + read + ")");
    }
}
