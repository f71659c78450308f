package io.runlens.payload;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runlens.api.Problem;
import io.runlens.support.ContractSchemas;
import io.runlens.support.ExecutionRows;
import io.runlens.support.ExecutionRows.Json;
import io.runlens.support.TemporalTestService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.temporal.PayloadWorkflows;
import io.runlens.support.temporal.TraceWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Redaction of sensitive keys in every payload, and answers without payloads, over every endpoint. */
@QuarkusTest
@QuarkusTestResource(value = TemporalTestService.class, restrictToAnnotatedClass = true)
class PayloadPolicyTest {

    static final String SECRET = "hunter2-" + UUID.randomUUID();
    static final String VISIBLE = "visible-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectTemporal
    WorkflowClient temporal;

    private final ExecutionRows rows;

    PayloadPolicyTest(ExecutionRows rows) {
        this.rows = rows;
    }

    record Fixture(String org, UUID id, String workflowId, String runId) {
        List<String> paths() {
            return List.of(
                    "/api/v1/executions/" + id,
                    "/api/v1/executions?workflow_id=wf-def",
                    "/api/v1/executions/" + id + "/details?recent_events=1000",
                    "/api/v1/workflows/wf-def/executions",
                    "/api/v1/workflows/wf-def/executions/" + runId);
        }
    }

    static Fixture echoedSecrets(WorkflowClient temporal, ExecutionRows rows) throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "echo-" + UUID.randomUUID();
        Map<String, Object> payload = Map.of(
                "note",
                VISIBLE,
                "max_tokens",
                256,
                "auth",
                Map.of("password", SECRET, "user", "ada"),
                "tools",
                List.of(Map.of("name", "search", "apiKey", SECRET)));
        // The activity's summary is the note: a payload too, shown and left out like the others.
        PayloadWorkflows.SummarizedEcho echo = temporal.newWorkflowStub(
                PayloadWorkflows.SummarizedEcho.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
        echo.run(payload);
        String runId = WorkflowStub.fromTyped(echo).getExecution().getRunId();
        String json = JSON.writeValueAsString(payload);
        UUID id = rows.insert(
                org,
                Map.of(
                        "temporal_workflow_id",
                        workflowId,
                        "temporal_run_id",
                        runId,
                        "status",
                        "completed",
                        "payload",
                        new Json(json),
                        "result",
                        new Json(json)));
        return new Fixture(org, id, workflowId, runId);
    }

    @Inject
    ObjectMapper application;

    @Test
    void theApplicationWritesInstantsWithJsonInstants() throws Exception {
        assertEquals(
                JsonInstants.Serializer.class,
                application
                        .getSerializerProviderInstance()
                        .findValueSerializer(java.time.Instant.class)
                        .getClass());
        assertEquals(
                "[\"2026-12-02T17:05:41.120Z\"]",
                application.writeValueAsString(java.util.List.of(java.time.Instant.parse("2026-12-02T17:05:41.120Z"))));
    }

    @Test
    void noAnswerCarriesASecretWhileEverythingElseIsShown() throws Exception {
        Fixture f = echoedSecrets(temporal, rows);
        for (String path : f.paths()) {
            String body = given().auth()
                    .oauth2(TestTokens.forOrganization(f.org()))
                    .when()
                    .get(path)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertFalse(body.contains(SECRET), path + " leaked a secret: " + body);
            assertTrue(body.contains(VISIBLE), path + " lost what is not secret: " + body);
            assertTrue(body.contains("[REDACTED]"), path);
        }

        JsonNode details = JSON.readTree(given().auth()
                .oauth2(TestTokens.forOrganization(f.org()))
                .when()
                .get("/api/v1/executions/" + f.id() + "/details")
                .then()
                .extract()
                .asString());
        assertEquals("[REDACTED]", details.at("/input/auth/password").asText());
        assertEquals("ada", details.at("/input/auth/user").asText());
        assertEquals(256, details.at("/input/max_tokens").asInt(), "max_tokens is not a token");
        assertEquals("[REDACTED]", details.at("/result/tools/0/apiKey").asText());
        assertEquals(
                "[REDACTED]",
                details.at("/trace/activities/0/input/auth/password").asText());
        assertEquals(
                "[REDACTED]",
                details.at("/trace/activities/0/result/tools/0/apiKey").asText());
        assertEquals(
                VISIBLE, details.at("/trace/activities/0/summary").asText(), "a summary is shown like any payload");
    }

    @Test
    void includePayloadsFalseLeavesEveryPayloadOutAndStaysWithinTheContracts() throws Exception {
        Fixture f = echoedSecrets(temporal, rows);
        String token = TestTokens.forOrganization(f.org());
        for (String path : f.paths()) {
            String separator = path.contains("?") ? "&" : "?";
            String body = given().auth()
                    .oauth2(token)
                    .when()
                    .get(path + separator + "include_payloads=false")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertFalse(body.contains(VISIBLE) || body.contains(SECRET), path + " carried a payload: " + body);
        }
        JsonNode details = JSON.readTree(given().auth()
                .oauth2(token)
                .when()
                .get("/api/v1/executions/" + f.id() + "/details?include_payloads=false")
                .then()
                .extract()
                .asString());
        assertTrue(details.get("input").isNull() && details.get("result").isNull());
        assertTrue(details.at("/trace/activities/0/input").isNull());
        var violations =
                ContractSchemas.violations("kubiya-execution-details.openapi.yaml", "WorkflowDetailsResponse", details);
        assertTrue(violations.isEmpty(), violations.toString());

        JsonNode steps = JSON.readTree(given().auth()
                .oauth2(token)
                .when()
                .get("/api/v1/workflows/wf-def/executions/" + f.runId() + "?include_payloads=false")
                .then()
                .extract()
                .asString());
        assertEquals(JSON.createObjectNode(), steps.at("/steps/0/input"), "the contract requires an object");
        assertTrue(steps.at("/steps/0/output").isNull());
        assertTrue(steps.at("/steps/0/step_name").isNull(), "the summary is a payload: " + steps);

        JsonNode row = JSON.readTree(given().auth()
                .oauth2(token)
                .when()
                .get("/api/v1/executions/" + f.id() + "?include_payloads=false")
                .then()
                .extract()
                .asString());
        assertTrue(row.get("payload").isNull() && row.get("result").isNull());
        var rowViolations = ContractSchemas.violations("polos-execution.openapi.yaml", "ExecutionResponse", row);
        assertTrue(rowViolations.isEmpty(), rowViolations.toString());

        given().auth()
                .oauth2(token)
                .when()
                .get("/api/v1/executions/" + f.id() + "?include_payloads=maybe")
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", org.hamcrest.Matchers.containsString("include_payloads"));
    }
}
