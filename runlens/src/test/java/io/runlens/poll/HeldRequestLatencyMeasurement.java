package io.runlens.poll;

import static io.runlens.support.HeldPolls.held;
import static io.runlens.support.HeldPolls.settledTag;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runlens.stream.PollSlots;
import io.runlens.stream.RunWatches;
import io.runlens.support.ExecutionRows;
import io.runlens.support.PacedRun;
import io.runlens.support.TemporalTestService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.Waits;
import io.runlens.support.temporal.TraceWorkflows;
import io.temporal.client.WorkflowClient;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures, not asserts: how long after a new history event (a signal sent from here) and after a
 * row update a held request (details; the row) answers, over 100 of each, printed as median and p90. Off by
 * default (it takes a few minutes); run it with
 * {@code RUNLENS_TEST_SCHEMA=runlens_x ./mvnw -B -pl runlens verify -Dtest=HeldRequestLatencyMeasurement
 * -Dmeasure.held-requests=true -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}.
 */
@QuarkusTest
@QuarkusTestResource(value = TemporalTestService.class, restrictToAnnotatedClass = true)
@EnabledIfSystemProperty(named = "measure.held-requests", matches = "true")
class HeldRequestLatencyMeasurement {

    private static final int EVENTS = 100;

    @InjectTemporal
    WorkflowClient temporal;

    private final ExecutionRows rows;
    private final DataSource dataSource;
    private final PollSlots slots;
    private final RunWatches watches;

    HeldRequestLatencyMeasurement(ExecutionRows rows, DataSource dataSource, PollSlots slots, RunWatches watches) {
        this.rows = rows;
        this.dataSource = dataSource;
        this.slots = slots;
        this.watches = watches;
    }

    @Test
    void wakeUpAfterANewEventAndARowUpdate() throws Exception {
        String org = "org-" + UUID.randomUUID();
        PacedRun run = PacedRun.start(temporal, rows, org);
        TraceWorkflows.Paced paced = run.stub();
        UUID id = run.id();
        String token = TestTokens.forOrganization(org);
        String path = "/api/v1/executions/" + id + "/details";

        long watchesBefore = watches.startedCount();
        List<Double> afterEvent = new ArrayList<>();
        for (int i = 1; i <= EVENTS; i++) {
            int step = i;
            afterEvent.add(wakeUp(token, path, () -> paced.step(step)));
        }
        long watchesStarted = watches.startedCount() - watchesBefore;
        List<Double> afterUpdate = new ArrayList<>();
        for (int i = 1; i <= EVENTS; i++) {
            int count = i;
            // retry_count is on the row's answer, not in details.
            afterUpdate.add(wakeUp(token, "/api/v1/executions/" + id, () -> update(id, count)));
        }
        paced.finish();
        System.out.printf(
                "held details request, wake-up after a new history event (signal sent -> 200 received), n=%d: "
                        + "median %.1f ms, p90 %.1f ms, max %.1f ms%n",
                EVENTS, percentile(afterEvent, 50), percentile(afterEvent, 90), percentile(afterEvent, 100));
        System.out.printf(
                "Temporal watches started for those %d held requests: %d (each reads the run's history first)%n",
                EVENTS, watchesStarted);
        System.out.printf(
                "held row request, wake-up after a row update (UPDATE committed -> 200 received), n=%d: "
                        + "median %.1f ms, p90 %.1f ms, max %.1f ms%n",
                EVENTS, percentile(afterUpdate, 50), percentile(afterUpdate, 90), percentile(afterUpdate, 100));
    }

    private interface Change {
        void make() throws Exception;
    }

    private double wakeUp(String token, String path, Change change) throws Exception {
        String etag = settledTag(token, path);
        CompletableFuture<HttpResponse<String>> held = held(token, path, etag, "Prefer", "wait=30");
        Waits.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> slots.open() == 1);
        long start = System.nanoTime();
        change.make();
        HttpResponse<String> answer = held.get(30, TimeUnit.SECONDS);
        double tookMs = (System.nanoTime() - start) / 1e6;
        assertEquals(200, answer.statusCode());
        Waits.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> slots.open() == 0);
        return tookMs;
    }

    private void update(UUID id, int count) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update =
                        connection.prepareStatement("update execution set retry_count = ? where id = ?")) {
            update.setInt(1, count);
            update.setObject(2, id);
            assertEquals(1, update.executeUpdate());
        }
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
