package io.runlens.execution;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.runlens.api.Problem;
import io.runlens.support.ContractSchemas;
import io.runlens.support.ExecutionRows;
import io.runlens.support.ExecutionRows.Json;
import io.runlens.support.TestTokens;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ExecutionResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExecutionRows rows;

    ExecutionResourceTest(ExecutionRows rows) {
        this.rows = rows;
    }

    private static String newOrganization() {
        return "org-" + UUID.randomUUID();
    }

    @Test
    void everyFieldOfAFullRowAppearsWithItsExactValue() throws Exception {
        String org = newOrganization();
        UUID id = UUID.randomUUID();
        UUID parent = UUID.randomUUID();
        UUID root = UUID.randomUUID();
        rows.insert(
                org,
                Map.ofEntries(
                        Map.entry("id", id),
                        Map.entry("workflow_id", "research-agent"),
                        Map.entry("temporal_workflow_id", "research-agent-run-42"),
                        Map.entry("temporal_run_id", "5c2d6a1e-0d9f-4c57-9a55-0b0b3e0b9d11"),
                        Map.entry("status", "failed"),
                        Map.entry(
                                "payload",
                                new Json(
                                        "{\"prompt\":\"summarise Q3\",\"tools\":[\"search\",\"sql\"],\"max_steps\":8}")),
                        Map.entry("result", new Json("[1,\"two\",{\"three\":3.5},null,true]")),
                        Map.entry("error", "tool 'sql' failed: relation \"q3\" does not exist"),
                        Map.entry("retry_count", 2),
                        Map.entry("created_at", Instant.parse("2026-11-20T10:15:30.123456Z")),
                        Map.entry("started_at", Instant.parse("2026-11-20T10:15:31Z")),
                        Map.entry("completed_at", Instant.parse("2026-11-20T10:16:02.5Z")),
                        Map.entry("cancelled_at", Instant.parse("2026-11-20T10:16:01Z")),
                        Map.entry("cancelled_by", "user-7"),
                        Map.entry("parent_execution_id", parent),
                        Map.entry("root_execution_id", root),
                        Map.entry("queue_name", "agents-high"),
                        Map.entry("concurrency_key", "tenant-7"),
                        Map.entry("batch_id", "batch-3"),
                        Map.entry("session_id", "sess-9"),
                        Map.entry("user_id", "user-7"),
                        Map.entry("deployment_id", "dep-2026-11-19"),
                        Map.entry("step_key", "analyse"),
                        Map.entry("output_schema_name", "Summary"),
                        Map.entry("run_timeout_seconds", 600),
                        Map.entry("assigned_to_worker", "worker-a1")));

        String body = given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/executions/{id}", id)
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .asString();

        JsonNode expected = JSON.readTree("""
                {
                  "id": "%s",
                  "workflow_id": "research-agent",
                  "status": "failed",
                  "payload": {"prompt": "summarise Q3", "tools": ["search", "sql"], "max_steps": 8},
                  "result": [1, "two", {"three": 3.5}, null, true],
                  "error": "tool 'sql' failed: relation \\"q3\\" does not exist",
                  "created_at": "2026-11-20T10:15:30.123456Z",
                  "started_at": "2026-11-20T10:15:31Z",
                  "completed_at": "2026-11-20T10:16:02.500Z",
                  "retry_count": 2,
                  "cancelled_at": "2026-11-20T10:16:01Z",
                  "cancelled_by": "user-7",
                  "parent_execution_id": "%s",
                  "root_execution_id": "%s",
                  "queue_name": "agents-high",
                  "concurrency_key": "tenant-7",
                  "batch_id": "batch-3",
                  "session_id": "sess-9",
                  "user_id": "user-7",
                  "deployment_id": "dep-2026-11-19",
                  "step_key": "analyse",
                  "output_schema_name": "Summary",
                  "run_timeout_seconds": 600,
                  "assigned_to_worker": "worker-a1",
                  "temporal_namespace": "default",
                  "temporal_workflow_id": "research-agent-run-42",
                  "temporal_run_id": "5c2d6a1e-0d9f-4c57-9a55-0b0b3e0b9d11"
                }""".formatted(id, parent, root));
        JsonNode actual = JSON.readTree(body);
        assertEquals(expected, actual);
        // Polos's 24 fields, then Runlens's three Temporal coordinates.
        assertEquals(27, actual.size());
        assertTrue(ContractSchemas.violations("polos-execution.openapi.yaml", "ExecutionResponse", actual)
                .isEmpty());
    }

    @Test
    void aRowWithOnlyRequiredColumnsShowsEveryOtherFieldAsNull() throws Exception {
        String org = newOrganization();
        UUID id = rows.insert(org, Map.of("created_at", Instant.parse("2026-01-02T03:04:05Z")));

        JsonNode actual = JSON.readTree(given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/executions/{id}", id)
                .then()
                .statusCode(200)
                .extract()
                .asString());

        JsonNode expected = JSON.readTree("""
                {"id": "%s", "workflow_id": "wf-def", "status": "pending", "payload": null, "result": null,
                 "error": null, "created_at": "2026-01-02T03:04:05Z", "started_at": null, "completed_at": null,
                 "retry_count": 0, "cancelled_at": null, "cancelled_by": null, "parent_execution_id": null,
                 "root_execution_id": null, "queue_name": null, "concurrency_key": null, "batch_id": null,
                 "session_id": null, "user_id": null, "deployment_id": null, "step_key": null,
                 "output_schema_name": null, "run_timeout_seconds": null, "assigned_to_worker": null,
                 "temporal_namespace": "default", "temporal_workflow_id": "tw-%s", "temporal_run_id": null}
                """.formatted(id, id));
        assertEquals(expected, actual);
        assertTrue(ContractSchemas.violations("polos-execution.openapi.yaml", "ExecutionResponse", actual)
                .isEmpty());
    }

    @Test
    void theContractCheckRejectsABodyMissingARequiredField() throws Exception {
        JsonNode missingId = JSON.readTree("""
                {"workflow_id": "w", "status": "running", "payload": null, "created_at": "2026-01-02T03:04:05Z",
                 "retry_count": 0}""");
        assertEquals(
                1,
                ContractSchemas.violations("polos-execution.openapi.yaml", "ExecutionResponse", missingId)
                        .size());
    }

    @Test
    void anExecutionIsFoundByItsTemporalWorkflowId() {
        String org = newOrganization();
        UUID id = rows.insert(org, Map.of("temporal_workflow_id", "invoice-sync/2026-11 #7"));

        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/executions/{id}", "invoice-sync/2026-11 #7")
                .then()
                .statusCode(200)
                .body("id", equalTo(id.toString()));
    }

    @Test
    void aUuidShapedWorkflowIdFindsItsExecutionAndAnExactIdMatchWins() {
        String org = newOrganization();
        UUID workflowIdLikeUuid = UUID.randomUUID();
        UUID byWorkflowId = rows.insert(org, Map.of("temporal_workflow_id", workflowIdLikeUuid.toString()));
        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/executions/{id}", workflowIdLikeUuid)
                .then()
                .statusCode(200)
                .body("id", equalTo(byWorkflowId.toString()));

        // A row whose id is that UUID outranks the one that only uses it as its workflow id.
        rows.insert(org, Map.of("id", workflowIdLikeUuid, "temporal_workflow_id", "other"));
        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/executions/{id}", workflowIdLikeUuid)
                .then()
                .statusCode(200)
                .body("id", equalTo(workflowIdLikeUuid.toString()));
    }

    @Test
    void theNewestExecutionWinsWhenAWorkflowIdWasReused() {
        String org = newOrganization();
        rows.insert(
                org, Map.of("temporal_workflow_id", "nightly", "created_at", Instant.parse("2026-11-01T00:00:00Z")));
        UUID newer = rows.insert(
                org, Map.of("temporal_workflow_id", "nightly", "created_at", Instant.parse("2026-11-02T00:00:00Z")));

        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/executions/nightly")
                .then()
                .statusCode(200)
                .body("id", equalTo(newer.toString()));
    }

    @Test
    void anotherOrganizationsExecutionIsNotFoundAndLooksLikeAnUnknownId() {
        String owner = newOrganization();
        UUID id = rows.insert(owner, Map.of("temporal_workflow_id", "secret-run"));
        String intruder = TestTokens.forOrganization(newOrganization());

        String byUuid = given().auth()
                .oauth2(intruder)
                .when()
                .get("/api/v1/executions/{id}", id)
                .then()
                .statusCode(404)
                .contentType(Problem.MEDIA_TYPE)
                .extract()
                .asString();
        String byWorkflowId = given().auth()
                .oauth2(intruder)
                .when()
                .get("/api/v1/executions/secret-run")
                .then()
                .statusCode(404)
                .extract()
                .asString();
        String unknown = given().auth()
                .oauth2(intruder)
                .when()
                .get("/api/v1/executions/{id}", UUID.randomUUID())
                .then()
                .statusCode(404)
                .extract()
                .asString();
        assertEquals(unknown, byUuid);
        assertEquals(unknown, byWorkflowId);
        given().auth()
                .oauth2(intruder)
                .when()
                .get("/api/v1/executions/{id}", id)
                .then()
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body("detail", equalTo("no execution with this id in the caller's organization"));
    }

    @Test
    void theTokenIsAcceptedFromThePolosAuthCookie() {
        String org = newOrganization();
        UUID id = rows.insert(org, Map.of());
        given().cookie("polos_auth", TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/executions/{id}", id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id.toString()));
    }

    @Test
    void aTokenWithoutAnOrganizationIsForbidden() {
        given().auth()
                .oauth2(TestTokens.withoutOrganization())
                .when()
                .get("/api/v1/executions/{id}", UUID.randomUUID())
                .then()
                .statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", equalTo("the token has no 'org_id' claim naming the caller's organization"));
    }

    @Test
    void unknownPathsAnswerWithAProblem() {
        given().auth()
                .oauth2(TestTokens.forOrganization(newOrganization()))
                .when()
                .get("/api/v1/nothing-here")
                .then()
                .statusCode(404)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", not(containsString("Exception")));
    }

    @Test
    void everyResponseCarriesARequestIdAndASaneOneIsKept() {
        String org = newOrganization();
        UUID id = rows.insert(org, Map.of());
        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .header("X-Request-Id", "dash-42.a")
                .when()
                .get("/api/v1/executions/{id}", id)
                .then()
                .statusCode(200)
                .header("X-Request-Id", equalTo("dash-42.a"));
        String generated = given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .header("X-Request-Id", "<script>")
                .when()
                .get("/api/v1/executions/{id}", UUID.randomUUID())
                .then()
                .statusCode(404)
                .extract()
                .header("X-Request-Id");
        assertEquals(36, generated.length(), generated);
    }

    @Test
    void apiAnswersCarrySecurityHeadersAndNoCorsGrant() {
        String org = newOrganization();
        UUID id = rows.insert(org, Map.of());
        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .header("Origin", "https://evil.example")
                .when()
                .get("/api/v1/executions/{id}", id)
                .then()
                .statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Cache-Control", equalTo("private, no-cache"))
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
