package io.runlens.faults;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.runlens.support.DelayedBackends;
import io.runlens.support.ExecutionRows;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.temporal.TraceWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * History reads are bounded per instance (each holds its run's trace until the answer is written):
 * with one slot and no queue, reads beyond the one in progress answer partial at once, saying why,
 * and the next read after it succeeds.
 */
@QuarkusTest
@TestProfile(HistoryReadBulkheadTest.OneHistoryReadAtATime.class)
@QuarkusTestResource(value = DelayedBackends.class, restrictToAnnotatedClass = true)
class HistoryReadBulkheadTest {

    public static class OneHistoryReadAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "runlens.fault-tolerance.temporal.concurrent-history-reads",
                    "1",
                    "runlens.fault-tolerance.temporal.queued-history-reads",
                    "1",
                    // A running run that has not moved is served from its kept fold after a describe,
                    // with no history read: off, so that every request here reads the history.
                    "runlens.cache.enabled",
                    "false");
        }
    }

    @InjectTemporal
    WorkflowClient temporal;

    @InjectTemporal
    DelayedBackends.Proxies proxies;

    private final ExecutionRows rows;

    HistoryReadBulkheadTest(ExecutionRows rows) {
        this.rows = rows;
    }

    @AfterEach
    void removeDelay() {
        proxies.delayMillis(0);
    }

    @Test
    void readsBeyondTheBoundAnswerPartialAtOnceAndTheNextOneSucceeds() {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "mixed-" + UUID.randomUUID();
        // Running, and the caches are off: every request reads its history.
        WorkflowClient.start(
                temporal.newWorkflowStub(
                        TraceWorkflows.Mixed.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(TraceWorkflows.QUEUE)
                                .setWorkflowId(workflowId)
                                .build())::run,
                2,
                3);
        rows.insert(org, Map.of("temporal_workflow_id", workflowId, "status", "running"));
        String token = TestTokens.forOrganization(org);
        String path = "/api/v1/executions/" + workflowId + "/details";
        assertEquals(
                "ok",
                given().auth()
                        .oauth2(token)
                        .get(path)
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("sources.temporal"));

        // Each read now takes at least 400 ms, so four requests at once overlap.
        proxies.temporal().delayMillis(400);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<JsonPath> answers;
        try {
            List<CompletableFuture<JsonPath>> together = IntStream.range(0, 4)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> given().auth()
                                    .oauth2(token)
                                    .get(path)
                                    .then()
                                    .statusCode(200)
                                    .extract()
                                    .jsonPath(),
                            clients))
                    .toList();
            answers = together.stream().map(CompletableFuture::join).toList();
        } finally {
            clients.shutdownNow();
        }
        long full = answers.stream()
                .filter(answer -> "ok".equals(answer.getString("sources.temporal")))
                .count();
        List<JsonPath> turnedAway = answers.stream()
                .filter(answer -> "unavailable".equals(answer.getString("sources.temporal")))
                .toList();
        assertTrue(full >= 1, "one read had the slot");
        assertFalse(turnedAway.isEmpty(), "reads beyond the bound were turned away");
        for (JsonPath answer : turnedAway) {
            assertEquals(
                    "this instance is reading as many histories as it may at once; retry shortly",
                    answer.getString("sources.temporal_detail"));
        }

        proxies.temporal().delayMillis(0);
        assertEquals(
                "ok",
                given().auth()
                        .oauth2(token)
                        .get(path)
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("sources.temporal"));
    }
}
