package io.runlens.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class QueryPlanWarmupTest {

    private final QueryPlanWarmup warmup;

    QueryPlanWarmupTest(QueryPlanWarmup warmup) {
        this.warmup = warmup;
    }

    @Test
    void everyQueryFormOfTheRequestPathRanAtStartUp() {
        // 3 lookups x 2 id forms, 8 list filter combinations, the API key lookup.
        assertEquals(15, warmup.queries().size());
        assertEquals(warmup.queries().size(), warmup.warmed());
    }
}
