package io.runlens.runs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runlens.api.Problem;
import io.runlens.support.ContractSchemas;
import io.runlens.support.ExecutionRows;
import io.runlens.support.TemporalTestService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.temporal.ChainWorkflows;
import io.runlens.support.temporal.TraceWorkflows;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One execution that continued as new twice: three runs, followed to the latest and listed in runs[]. */
@QuarkusTest
@QuarkusTestResource(value = TemporalTestService.class, restrictToAnnotatedClass = true)
class RunChainTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectTemporal
    WorkflowClient temporal;

    private final ExecutionRows rows;

    RunChainTest(ExecutionRows rows) {
        this.rows = rows;
    }

    private JsonNode details(String org, String path) throws Exception {
        JsonNode body = JSON.readTree(given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .asString());
        var violations =
                ContractSchemas.violations("kubiya-execution-details.openapi.yaml", "WorkflowDetailsResponse", body);
        assertTrue(violations.isEmpty(), violations.toString());
        return body;
    }

    @Test
    void detailsFollowTheChainToTheLatestRunListEveryRunAndShowAnyOneOnRequest() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "countdown-" + UUID.randomUUID();
        ChainWorkflows.Countdown countdown = temporal.newWorkflowStub(
                ChainWorkflows.Countdown.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
        String firstRunId = WorkflowClient.start(countdown::run, 3).getRunId();
        assertEquals("lift-off", temporal.newUntypedWorkflowStub(workflowId).getResult(String.class));
        String lastRunId = temporal.getWorkflowServiceStubs()
                .blockingStub()
                .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace("default")
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                        .build())
                .getWorkflowExecutionInfo()
                .getExecution()
                .getRunId();
        assertNotEquals(firstRunId, lastRunId);
        UUID id = rows.insert(
                org, Map.of("temporal_workflow_id", workflowId, "temporal_run_id", firstRunId, "status", "completed"));

        JsonNode latest = details(org, "/api/v1/executions/" + id + "/details");
        assertEquals(lastRunId, latest.get("run_id").asText(), "details follow the chain to its latest run");
        assertEquals("COMPLETED", latest.get("status").asText());
        JsonNode runs = latest.get("runs");
        assertEquals(3, runs.size(), runs.toString());
        assertEquals(firstRunId, runs.get(0).get("run_id").asText(), "oldest first");
        assertEquals(lastRunId, runs.get(2).get("run_id").asText());
        List<String> statuses = new ArrayList<>();
        runs.forEach(run -> statuses.add(run.get("status").asText()));
        assertEquals(List.of("CONTINUED_AS_NEW", "CONTINUED_AS_NEW", "COMPLETED"), statuses);
        assertTrue(runs.get(0).get("previous_run_id").isNull());
        for (int i = 1; i < 3; i++) {
            assertEquals(
                    runs.get(i - 1).get("run_id").asText(),
                    runs.get(i).get("previous_run_id").asText());
            assertEquals(
                    runs.get(i).get("run_id").asText(),
                    runs.get(i - 1).get("next_run_id").asText());
            assertTrue(runs.get(i)
                            .get("start_time")
                            .asText()
                            .compareTo(runs.get(i - 1).get("start_time").asText())
                    >= 0);
        }
        assertTrue(runs.get(2).get("next_run_id").isNull());
        assertTrue(runs.get(2).get("shown").asBoolean()
                && !runs.get(0).get("shown").asBoolean());

        JsonNode first = details(org, "/api/v1/executions/" + id + "/details?run_id=" + firstRunId);
        assertEquals(firstRunId, first.get("run_id").asText());
        assertEquals("CONTINUED_AS_NEW", first.get("status").asText());
        assertEquals(runs.size(), first.get("runs").size(), "the whole chain, whichever run is shown");
        assertTrue(first.get("runs").get(0).get("shown").asBoolean());
        assertTrue(!first.get("runs").get(2).get("shown").asBoolean());

        String token = TestTokens.forOrganization(org);
        given().auth()
                .oauth2(token)
                .when()
                .get("/api/v1/executions/" + id + "/details?run_id=" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("no run"));
        given().auth()
                .oauth2(token)
                .urlEncodingEnabled(false)
                .when()
                .get("/api/v1/executions/" + id + "/details?run_id=%01")
                .then()
                .statusCode(400)
                .body("detail", containsString("run_id"));
        given().auth()
                .oauth2(TestTokens.forOrganization("org-" + UUID.randomUUID()))
                .when()
                .get("/api/v1/executions/" + id + "/details?run_id=" + firstRunId)
                .then()
                .statusCode(404);
    }

    @Test
    void aRunThatStandsAloneIsItsOwnChain() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "countdown-" + UUID.randomUUID();
        ChainWorkflows.Countdown countdown = temporal.newWorkflowStub(
                ChainWorkflows.Countdown.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
        countdown.run(1);
        rows.insert(org, Map.of("temporal_workflow_id", workflowId));
        JsonNode runs =
                details(org, "/api/v1/executions/" + workflowId + "/details").get("runs");
        assertEquals(1, runs.size());
        assertTrue(runs.get(0).get("shown").asBoolean());
    }
}
