package io.runlens.runs;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.runlens.support.ExecutionRows;
import io.runlens.support.SseClient;
import io.runlens.support.TemporalTestService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.temporal.ChainWorkflows;
import io.runlens.support.temporal.TraceWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One rule for which run an answer shows, whichever endpoint: details, the step view and the live
 * stream agree on the run of an execution that spans several runs (continue-as-new, a retry policy's
 * rerun), and every run id of its chain names it on the step view, as on details' {@code run_id}.
 */
@QuarkusTest
@QuarkusTestResource(value = TemporalTestService.class, restrictToAnnotatedClass = true)
class RunRuleTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectTemporal
    WorkflowClient temporal;

    @TestHTTPResource("/")
    URI base;

    private final ExecutionRows rows;

    RunRuleTest(ExecutionRows rows) {
        this.rows = rows;
    }

    private static JsonPath get(String org, String path) {
        return given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private String streamedRunId(String org, String id) {
        try (SseClient stream = SseClient.open(
                base.resolve("/api/v1/executions/" + id + "/stream"),
                Map.of("Authorization", "Bearer " + TestTokens.forOrganization(org)))) {
            assertEquals(200, stream.status(), stream.errorBody());
            SseClient.Event status = stream.next(WAIT);
            assertEquals("status", status.name());
            return io.restassured.path.json.JsonPath.from(status.data()).getString("run_id");
        }
    }

    @Test
    void everyEndpointShowsTheLatestRunOfAContinueAsNewChainAndTheStepViewKnowsEachRunById() {
        String org = "org-" + UUID.randomUUID();
        String definition = "countdowns";
        String workflowId = "countdown-" + UUID.randomUUID();
        ChainWorkflows.Countdown countdown = temporal.newWorkflowStub(
                ChainWorkflows.Countdown.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
        String firstRunId = WorkflowClient.start(countdown::run, 3).getRunId();
        assertEquals("lift-off", temporal.newUntypedWorkflowStub(workflowId).getResult(String.class));
        UUID id = rows.insert(
                org,
                Map.of(
                        "workflow_id",
                        definition,
                        "temporal_workflow_id",
                        workflowId,
                        "temporal_run_id",
                        firstRunId,
                        "status",
                        "completed"));

        JsonPath details = get(org, "/api/v1/executions/" + id + "/details");
        String latest = details.getString("run_id");
        List<String> chain = details.getList("runs.run_id");
        assertEquals(3, chain.size(), chain.toString());
        assertEquals(firstRunId, chain.get(0));
        assertEquals(latest, chain.get(2));
        assertNotEquals(firstRunId, latest);

        assertEquals(
                latest,
                get(org, "/api/v1/workflows/" + definition + "/executions/" + id)
                        .getString("run_id"),
                "the step view by execution id shows the run details show");
        assertEquals(latest, streamedRunId(org, id.toString()), "the stream follows the run details show");
        for (String runId : chain) {
            JsonPath steps = get(org, "/api/v1/workflows/" + definition + "/executions/" + runId);
            assertEquals(runId, steps.getString("run_id"), "the step view shows the run it is asked for");
            assertEquals(id.toString(), steps.getString("id"));
            assertEquals(
                    runId,
                    get(org, "/api/v1/executions/" + id + "/details?run_id=" + runId)
                            .getString("run_id"));
        }
        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/workflows/" + definition + "/executions/" + UUID.randomUUID())
                .then()
                .statusCode(404);
    }

    @Test
    void aRunRetriedByItsRetryPolicyIsShownAsItsLatestRunEverywhere() {
        String org = "org-" + UUID.randomUUID();
        String definition = "shipments";
        String workflowId = "ship-" + UUID.randomUUID();
        ChainWorkflows.SecondTimeLucky ship = temporal.newWorkflowStub(
                ChainWorkflows.SecondTimeLucky.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .setRetryOptions(RetryOptions.newBuilder()
                                .setInitialInterval(Duration.ofMillis(100))
                                .setMaximumAttempts(3)
                                .build())
                        .build());
        String firstAttempt = WorkflowClient.start(ship::run, "parcel-7").getRunId();
        assertEquals(
                "shipped parcel-7", temporal.newUntypedWorkflowStub(workflowId).getResult(String.class));
        UUID id = rows.insert(
                org,
                Map.of(
                        "workflow_id",
                        definition,
                        "temporal_workflow_id",
                        workflowId,
                        "temporal_run_id",
                        firstAttempt,
                        "status",
                        "completed"));

        JsonPath details = get(org, "/api/v1/executions/" + id + "/details");
        String rerun = details.getString("run_id");
        assertNotEquals(firstAttempt, rerun, "details show the rerun, not the failed first attempt");
        assertEquals("COMPLETED", details.getString("status"));
        assertEquals(List.of(firstAttempt, rerun), details.getList("runs.run_id"));
        // A real frontend closes the failed attempt as FAILED; the in-process test server as CONTINUED_AS_NEW.
        assertTrue(
                List.of("FAILED", "CONTINUED_AS_NEW").contains(details.getString("runs[0].status")),
                details.prettify());
        assertEquals(rerun, details.getString("runs[0].next_run_id"));

        JsonPath steps = get(org, "/api/v1/workflows/" + definition + "/executions/" + id);
        assertEquals(rerun, steps.getString("run_id"));
        assertTrue(steps.getString("error") == null, "the rerun succeeded: " + steps.prettify());
        assertEquals(
                rerun,
                get(org, "/api/v1/workflows/" + definition + "/executions/" + rerun)
                        .getString("run_id"));
        assertEquals(
                firstAttempt,
                get(org, "/api/v1/workflows/" + definition + "/executions/" + firstAttempt)
                        .getString("run_id"));
        assertEquals(rerun, streamedRunId(org, id.toString()));
    }
}
