package io.runlens.details;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runlens.api.Problem;
import io.runlens.support.ExecutionRows;
import io.runlens.support.ExecutionRows.Json;
import io.runlens.support.TemporalTestService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.temporal.TraceWorkflows;
import io.runlens.support.temporal.TraceWorkflows.Order;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Seed 003's execution detail with steps, over runs of real workflows. */
@QuarkusTest
@QuarkusTestResource(value = TemporalTestService.class, restrictToAnnotatedClass = true)
class StepExecutionResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectTemporal
    WorkflowClient temporal;

    private final ExecutionRows rows;

    StepExecutionResourceTest(ExecutionRows rows) {
        this.rows = rows;
    }

    private <T> T stub(Class<T> type, String workflowId) {
        return temporal.newWorkflowStub(
                type,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
    }

    private String activityId(String workflowId, String activityType) {
        return temporal.fetchHistory(workflowId).getEvents().stream()
                .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
                .map(HistoryEvent::getActivityTaskScheduledEventAttributes)
                .filter(a -> a.getActivityType().getName().equals(activityType))
                .findFirst()
                .orElseThrow()
                .getActivityId();
    }

    private JsonNode detail(String org, String workflowDefinition, String runId) throws Exception {
        return JSON.readTree(given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/workflows/{id}/executions/{runId}", workflowDefinition, runId)
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .asString());
    }

    /** Checks that the time fields hold RFC 3339 times (or null where expected) and removes them. */
    private static void checkAndStripTimes(JsonNode steps) {
        for (JsonNode step : steps) {
            ObjectNode object = (ObjectNode) step;
            for (String field : List.of("started_at", "ended_at")) {
                if (!object.get(field).isNull()) {
                    Instant.parse(object.get(field).asText());
                }
                object.remove(field);
            }
            if (!object.get("duration_ms").isNull()) {
                assertTrue(object.get("duration_ms").isIntegralNumber(), step.toString());
            }
            object.remove("duration_ms");
            if (object.get("error").isObject()) {
                assertTrue(object.at("/error/stack_trace").isTextual());
                ((ObjectNode) object.get("error")).remove("stack_trace");
            }
        }
    }

    @Test
    void aCompletedRunShowsEveryStepInOrderWithItsMappedColumns() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "checkout-" + UUID.randomUUID();
        TraceWorkflows.Checkout checkout = stub(TraceWorkflows.Checkout.class, workflowId);
        checkout.run(new Order("o-77", 4, List.of("gift")));
        String runId = WorkflowStub.fromTyped(checkout).getExecution().getRunId();
        String chargeId = activityId(workflowId, "Charge");
        String giftId = activityId(workflowId, "Slow");
        String columnConfig = """
                [{"column": "total", "step_id": "%s", "path": "/total"},
                 {"column": "order", "step_id": "%s", "path": "/orderId"},
                 {"column": "absent", "step_id": "%s", "path": "/no/such/member"},
                 {"column": "shipped", "step_id": "%s-ship", "path": "/state"}]""".formatted(chargeId, chargeId, chargeId, workflowId);
        UUID id = rows.insert(
                org,
                Map.of(
                        "workflow_id",
                        "checkout",
                        "temporal_workflow_id",
                        workflowId,
                        "temporal_run_id",
                        runId,
                        "status",
                        "completed",
                        "trigger_event_name",
                        "order.placed",
                        "column_config",
                        new Json(columnConfig),
                        "created_at",
                        Instant.parse("2026-11-20T09:00:00Z"),
                        "started_at",
                        Instant.parse("2026-11-20T09:00:01Z"),
                        "completed_at",
                        Instant.parse("2026-11-20T09:00:03.250Z")));

        JsonNode byUuid = detail(org, "checkout", id.toString());
        JsonNode byRunId = detail(org, "checkout", runId);
        assertEquals(byUuid, byRunId);

        checkAndStripTimes(byUuid.get("steps"));
        JsonNode expected = JSON.readTree("""
                {"id": "%s", "run_id": "%s", "workflow_id": "checkout", "status": "completed",
                 "started_at": "2026-11-20T09:00:01Z", "ended_at": "2026-11-20T09:00:03.250Z", "duration_ms": 2250,
                 "event_name": "order.placed", "created": "2026-11-20T09:00:00Z", "column_config": %s,
                 "steps": [
                   {"step_id": "1", "step_name": null, "operation": "Add", "status": "completed",
                    "input": {}, "output": {"value": 4}, "mapped_output": null, "error": null, "kind": "local_activity"},
                   {"step_id": "%s", "step_name": "Charge card", "operation": "Charge", "status": "completed",
                    "input": {"orderId": "o-77", "quantity": 4, "tags": ["gift"]},
                    "output": {"orderId": "o-77", "state": "charged", "total": 50.0},
                    "mapped_output": {"total": 50.0, "order": "o-77", "absent": null},
                    "error": null, "kind": "activity"},
                   {"step_id": "%s-ship", "step_name": null, "operation": "RetryingCharge", "status": "completed",
                    "input": {"orderId": "o-77-ship", "quantity": 1, "tags": ["shipping"]},
                    "output": {"orderId": "o-77-ship", "state": "charged", "total": 12.5},
                    "mapped_output": {"shipped": "charged"}, "error": null, "kind": "child_workflow"},
                   {"step_id": "%s", "step_name": null, "operation": "Slow", "status": "skipped",
                    "input": {"value": 10}, "output": null, "mapped_output": null, "error": null, "kind": "activity"}
                 ],
                 "error": null, "sources": {"database": "ok", "temporal": "ok"}}
                """.formatted(id, runId, columnConfig, chargeId, workflowId, giftId));
        JsonNode localStep = byUuid.at("/steps/0");
        // The Java SDK numbers local activities by sequence: take its id from the response.
        ((ObjectNode) expected.at("/steps/0"))
                .put("step_id", localStep.get("step_id").asText());
        assertEquals(expected, byUuid);
        assertFalse(localStep.get("step_id").asText().isEmpty());
    }

    @Test
    void aSummaryIsAPayloadShownDecodedAndLeftOutWithPayloads() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "checkout-" + UUID.randomUUID();
        TraceWorkflows.Checkout checkout = stub(TraceWorkflows.Checkout.class, workflowId);
        checkout.run(new Order("o-78", 1, List.of()));
        String runId = WorkflowStub.fromTyped(checkout).getExecution().getRunId();
        String chargeId = activityId(workflowId, "Charge");
        UUID id = rows.insert(
                org,
                Map.of(
                        "workflow_id",
                        "checkout",
                        "temporal_workflow_id",
                        workflowId,
                        "temporal_run_id",
                        runId,
                        "status",
                        "completed"));
        String token = TestTokens.forOrganization(org);

        for (String query : List.of("", "?include_payloads=false")) {
            boolean omitted = !query.isEmpty();
            JsonNode details = JSON.readTree(given().auth()
                    .oauth2(token)
                    .when()
                    .get("/api/v1/executions/" + id + "/details" + query)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            JsonNode charge = null;
            for (JsonNode activity : details.at("/trace/activities")) {
                if (activity.get("activity_id").asText().equals(chargeId)) {
                    charge = activity;
                }
            }
            assertEquals(omitted ? null : "Charge card", charge.path("summary").textValue(), charge.toString());

            JsonNode steps = JSON.readTree(given().auth()
                    .oauth2(token)
                    .when()
                    .get("/api/v1/workflows/checkout/executions/" + runId + query)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            JsonNode step = null;
            for (JsonNode candidate : steps.get("steps")) {
                if (candidate.get("step_id").asText().equals(chargeId)) {
                    step = candidate;
                }
            }
            assertTrue(step.has("step_name"), step.toString());
            assertEquals(omitted ? null : "Charge card", step.get("step_name").textValue(), step.toString());
        }
    }

    @Test
    void aFailedRunShowsTheFailedStepsErrorAndNullMappings() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "ledger-" + UUID.randomUUID();
        assertThrows(
                WorkflowFailedException.class,
                () -> stub(TraceWorkflows.ExhaustedRetries.class, workflowId).run("frozen"));
        String ledgerId = activityId(workflowId, "AlwaysFails");
        UUID id = rows.insert(
                org,
                Map.of(
                        "workflow_id",
                        "ledger",
                        "temporal_workflow_id",
                        workflowId,
                        "status",
                        "failed",
                        "column_config",
                        new Json(
                                "[{\"column\": \"entry\", \"step_id\": \"" + ledgerId + "\", \"path\": \"/value\"}]")));

        JsonNode detail = detail(org, "ledger", id.toString());

        assertEquals("failed", detail.get("status").asText());
        assertEquals("Activity task failed", detail.get("error").asText());
        assertEquals("", detail.get("event_name").asText());
        JsonNode step = detail.at("/steps/0");
        assertEquals("failed", step.get("status").asText());
        assertEquals(JSON.readTree("{\"entry\": null}"), step.get("mapped_output"));
        assertTrue(step.get("output").isNull());
        assertEquals("ledger rejected: frozen", step.at("/error/message").asText());
        assertEquals("LedgerRejected", step.at("/error/type").asText());
        assertTrue(step.at("/error/stack_trace").asText().contains("alwaysFails"));
        assertEquals(JSON.readTree("{\"value\": \"frozen\"}"), step.get("input"));
    }

    @Test
    void aRunUnderAnotherWorkflowOrOrganizationIsNotFound() {
        String org = "org-" + UUID.randomUUID();
        UUID id = rows.insert(org, Map.of("workflow_id", "checkout", "temporal_workflow_id", "x-" + UUID.randomUUID()));

        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/workflows/{id}/executions/{runId}", "refunds", id)
                .then()
                .statusCode(404)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", equalTo("no execution with this id in the caller's organization"));
        given().auth()
                .oauth2(TestTokens.forOrganization("org-" + UUID.randomUUID()))
                .when()
                .get("/api/v1/workflows/{id}/executions/{runId}", "checkout", id)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/workflows/{id}/executions/{runId}", "checkout", id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id.toString()))
                .body("sources.temporal", equalTo("not_found"))
                .body("steps.size()", equalTo(0));
    }

    @Test
    void aWorkflowsListPagesOnlyItsOwnExecutions() {
        String org = "org-" + UUID.randomUUID();
        Instant t0 = Instant.parse("2026-10-01T00:00:00Z");
        UUID older = rows.insert(org, Map.of("workflow_id", "nightly-report", "created_at", t0));
        UUID newer = rows.insert(
                org, Map.of("workflow_id", "nightly-report", "created_at", t0.plusSeconds(60), "status", "failed"));
        rows.insert(org, Map.of("workflow_id", "other", "created_at", t0.plusSeconds(30)));
        rows.insert(
                "org-" + UUID.randomUUID(), Map.of("workflow_id", "nightly-report", "created_at", t0.plusSeconds(90)));
        String token = TestTokens.forOrganization(org);

        var first = given().auth()
                .oauth2(token)
                .when()
                .get("/api/v1/workflows/nightly-report/executions?limit=1")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of(newer.toString()), first.getList("items.id"));
        given().auth()
                .oauth2(token)
                .when()
                .get("/api/v1/workflows/nightly-report/executions?limit=1&cursor=" + first.getString("next_cursor"))
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(older.toString())))
                .body("next_cursor", equalTo(null));
        given().auth()
                .oauth2(token)
                .when()
                .get("/api/v1/workflows/nightly-report/executions?status=failed")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(newer.toString())));
        given().auth()
                .oauth2(token)
                .when()
                .get("/api/v1/workflows/nightly-report/executions?limit=0")
                .then()
                .statusCode(400)
                .body("detail", equalTo("limit must be a whole number from 1 to 200"));
    }

    /**
     * A row with 100,000 column mappings over a run of 200 steps: only the first
     * {@code ColumnConfig.MAX_MAPPINGS} (1,000) apply, and the answer comes promptly, not after
     * steps x mappings comparisons on the event loop.
     */
    @Test
    void onlyTheFirstThousandColumnMappingsApplyHoweverManyTheRowHolds() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "many-" + UUID.randomUUID();
        int steps = 200;
        TraceWorkflows.ManyActivities many = stub(TraceWorkflows.ManyActivities.class, workflowId);
        many.run(steps);
        String runId = WorkflowStub.fromTyped(many).getExecution().getRunId();
        List<String> stepIds = temporal.fetchHistory(workflowId).getEvents().stream()
                .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
                .map(event -> event.getActivityTaskScheduledEventAttributes().getActivityId())
                .toList();
        assertEquals(steps, stepIds.size());
        StringBuilder config = new StringBuilder("[");
        int mappings = 100_000;
        for (int i = 0; i < mappings; i++) {
            // Mapping i reads step i % 200, so each step is named by 5 of the first 1,000 and by 495 of the rest.
            config.append(i == 0 ? "" : ",")
                    .append("{\"column\":\"c")
                    .append(i)
                    .append("\",\"step_id\":\"")
                    .append(stepIds.get(i % steps))
                    .append("\",\"path\":\"\"}");
        }
        config.append(']');
        rows.insert(
                org,
                Map.of(
                        "workflow_id",
                        "many",
                        "temporal_workflow_id",
                        workflowId,
                        "temporal_run_id",
                        runId,
                        "status",
                        "completed",
                        "column_config",
                        new Json(config.toString())));

        JsonNode answer = detail(org, "many", runId);

        assertEquals(steps, answer.get("steps").size());
        for (JsonNode step : answer.get("steps")) {
            int k = stepIds.indexOf(step.get("step_id").asText());
            List<String> columns = new java.util.ArrayList<>();
            step.get("mapped_output").fieldNames().forEachRemaining(columns::add);
            assertEquals(
                    List.of("c" + k, "c" + (k + 200), "c" + (k + 400), "c" + (k + 600), "c" + (k + 800)),
                    columns,
                    "columns of step " + step.get("step_id"));
            assertEquals(step.get("output"), step.at("/mapped_output/c" + k));
        }
    }
}
