package io.runlens.details;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With the same latency in front of PostgreSQL and Temporal, a details request costs one round trip
 * of the slower backend, not the row's plus Temporal's: the row and the Temporal branch overlap, and
 * within the Temporal branch describe and the history are asked at once.
 */
@QuarkusTest
@QuarkusTestResource(value = DelayedBackends.class, restrictToAnnotatedClass = true)
class ParallelFetchTest {

    private static final long DELAY_MS = 500;

    @InjectTemporal
    WorkflowClient temporal;

    @InjectTemporal
    DelayedBackends.Proxies proxies;

    private final ExecutionRows rows;

    ParallelFetchTest(ExecutionRows rows) {
        this.rows = rows;
    }

    @AfterEach
    void removeDelay() {
        proxies.delayMillis(0);
    }

    private long timedMillis(String token, String path) {
        long start = System.nanoTime();
        given().auth().oauth2(token).when().get(path).then().statusCode(200).body("sources.temporal", equalTo("ok"));
        return (System.nanoTime() - start) / 1_000_000;
    }

    private long timedRowMillis(String token, String path) {
        long start = System.nanoTime();
        given().auth().oauth2(token).when().get(path).then().statusCode(200);
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void theRowAndTheHistoryAreFetchedConcurrently() {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "charge-" + UUID.randomUUID();
        temporal.newWorkflowStub(
                        TraceWorkflows.RetryingCharge.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(TraceWorkflows.QUEUE)
                                .setWorkflowId(workflowId)
                                .build())
                .run(new TraceWorkflows.Order("o-9", 1, List.of()));
        rows.insert(org, Map.of("temporal_workflow_id", workflowId, "status", "completed"));
        String token = TestTokens.forOrganization(org);
        String details = "/api/v1/executions/" + workflowId + "/details";
        String row = "/api/v1/executions/" + workflowId;
        // Warm connections and statement caches without delay.
        timedMillis(token, details);
        timedRowMillis(token, row);

        proxies.delayMillis(DELAY_MS);
        long rowOnly = timedRowMillis(token, row);
        long both = timedMillis(token, details);

        // The row costs at least one round trip, and so does Temporal (describe and history at once).
        assertTrue(rowOnly >= DELAY_MS, "row lookup took " + rowOnly + " ms: the proxy adds no delay");
        assertTrue(both >= DELAY_MS, "details took " + both + " ms: the proxy adds no delay");
        // Any of the three calls after another would cost at least two delays.
        assertTrue(
                both < 2 * DELAY_MS - 200,
                "details took " + both + " ms: the fetches did not overlap (row alone " + rowOnly + " ms)");
    }

    @Test
    void aRunningExecutionCostsOneRoundTripOfEachBackendAtOnce() {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "mixed-" + UUID.randomUUID();
        // Stays running (it waits for a signal), so nothing of it is cached: every read asks Temporal.
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
        String details = "/api/v1/executions/" + workflowId + "/details";
        timedMillis(token, details);

        proxies.delayMillis(DELAY_MS);
        long both = timedMillis(token, details);

        assertTrue(both >= DELAY_MS, "details took " + both + " ms: the proxy adds no delay");
        // Row, describe and history all at once; any two in a row would cost at least two delays.
        assertTrue(both < 2 * DELAY_MS - 200, "details took " + both + " ms: describe and history did not overlap");
    }
}
