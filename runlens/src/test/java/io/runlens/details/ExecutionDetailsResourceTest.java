package io.runlens.details;

import static io.restassured.RestAssured.given;
import static io.runlens.support.Waits.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runlens.api.Problem;
import io.runlens.support.ContractSchemas;
import io.runlens.support.ExecutionRows;
import io.runlens.support.ExecutionRows.Json;
import io.runlens.support.Management;
import io.runlens.support.TemporalTestService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.temporal.TraceWorkflows;
import io.runlens.support.temporal.TraceWorkflows.Order;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = TemporalTestService.class, restrictToAnnotatedClass = true)
class ExecutionDetailsResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectTemporal
    WorkflowClient temporal;

    private final ExecutionRows rows;

    ExecutionDetailsResourceTest(ExecutionRows rows) {
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

    private JsonNode details(String org, String id, String query) throws Exception {
        String body = given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/executions/" + id + "/details" + query)
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .asString();
        JsonNode details = JSON.readTree(body);
        var violations =
                ContractSchemas.violations("kubiya-execution-details.openapi.yaml", "WorkflowDetailsResponse", details);
        assertTrue(violations.isEmpty(), violations.toString());
        return details;
    }

    private long describedHistorySize(String workflowId) {
        return temporal.getWorkflowServiceStubs()
                .blockingStub()
                .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace("default")
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                        .build())
                .getWorkflowExecutionInfo()
                .getHistorySizeBytes();
    }

    @Test
    void aCompletedRunFoundByItsWorkflowIdHasEveryFieldFromTemporal() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "charge-" + UUID.randomUUID();
        TraceWorkflows.RetryingCharge charge = stub(TraceWorkflows.RetryingCharge.class, workflowId);
        charge.run(new Order("o-1", 2, List.of("eu")));
        String runId = WorkflowStub.fromTyped(charge).getExecution().getRunId();
        List<HistoryEvent> history = temporal.fetchHistory(workflowId).getEvents();
        UUID id = rows.insert(
                org,
                Map.of(
                        "temporal_workflow_id",
                        workflowId,
                        "temporal_run_id",
                        runId,
                        "status",
                        "completed",
                        "task_queue",
                        TraceWorkflows.QUEUE,
                        "workflow_type",
                        "RetryingCharge"));

        JsonNode details = details(org, workflowId, "");

        assertEquals(workflowId, details.get("workflow_id").asText());
        assertEquals(runId, details.get("run_id").asText());
        assertEquals("COMPLETED", details.get("status").asText());
        assertEquals(id.toString(), details.get("execution_id").asText());
        assertEquals("completed", details.get("execution_status").asText());
        assertEquals(TraceWorkflows.QUEUE, details.get("task_queue").asText());
        assertEquals("RetryingCharge", details.get("workflow_type").asText());
        assertEquals(1, details.get("attempt").asInt());
        assertEquals(history.size(), details.get("history_length").asInt());
        long described = describedHistorySize(workflowId);
        long read = history.stream().mapToLong(HistoryEvent::getSerializedSize).sum();
        assertEquals(
                described > 0 ? described : read,
                details.get("history_size_bytes").asLong());
        assertTrue(details.get("history_size_bytes").asLong() > 0);
        assertEquals(JSON.readTree("{\"orderId\":\"o-1\",\"quantity\":2,\"tags\":[\"eu\"]}"), details.get("input"));
        assertEquals(
                JSON.readTree("{\"orderId\":\"o-1\",\"state\":\"charged\",\"total\":25.0}"), details.get("result"));
        assertEquals(
                "http://temporal-ui.test:8233/namespaces/default/workflows/" + workflowId + "/" + runId + "/history",
                details.get("temporal_web_url").asText());
        assertNotNull(details.get("start_time").asText());
        double duration = details.get("execution_duration_ms").asDouble();
        assertEquals(
                java.time.Duration.between(
                                        java.time.Instant.parse(
                                                details.get("start_time").asText()),
                                        java.time.Instant.parse(
                                                details.get("close_time").asText()))
                                .toNanos()
                        / 1e6,
                duration,
                0.001);
        assertEquals(JSON.readTree("{\"database\":\"ok\",\"temporal\":\"ok\"}"), details.get("sources"));

        JsonNode trace = details.get("trace");
        assertEquals(1, trace.get("total_activities").asInt());
        assertEquals(1, trace.get("completed_activities").asInt());
        assertEquals(0, trace.get("failed_activities").asInt());
        JsonNode activity = trace.get("activities").get(0);
        assertEquals("completed", activity.get("status").asText());
        assertEquals("Charge", activity.get("activity_type").asText());
        assertEquals(3, activity.get("attempt").asInt());
        assertEquals("o-1", activity.at("/input/orderId").asText());
        assertEquals(25.0, activity.at("/result/total").asDouble());
        assertEquals(5, trace.get("timeline").size());

        JsonNode recent = details.get("recent_events");
        assertEquals(Math.min(20, history.size()), recent.size());
        assertEquals(
                history.get(history.size() - 1).getEventId(),
                recent.get(0).get("event_id").asLong());
        assertEquals(
                "WorkflowExecutionCompleted", recent.get(0).get("event_type").asText());
        assertEquals(
                "charged", recent.get(0).at("/details/result/payloads/0/state").asText());
    }

    @Test
    void aRowWhoseWorkflowIdDiffersFromItsUuidIsFollowedToItsRun() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "ledger-" + UUID.randomUUID();
        var ledger = stub(TraceWorkflows.ExhaustedRetries.class, workflowId);
        assertThrows(WorkflowFailedException.class, () -> ledger.run("frozen"));
        UUID id = rows.insert(
                org,
                Map.of("temporal_workflow_id", workflowId, "status", "failed", "error", "ledger rejected: frozen"));

        JsonNode details = details(org, id.toString(), "?recent_events=3");

        assertEquals("FAILED", details.get("status").asText());
        assertEquals("failed", details.get("execution_status").asText());
        assertEquals(workflowId, details.get("workflow_id").asText());
        assertEquals(3, details.get("recent_events").size());
        assertEquals(
                "WorkflowExecutionFailed",
                details.get("recent_events").get(0).get("event_type").asText());
        JsonNode activity = details.at("/trace/activities/0");
        assertEquals("failed", activity.get("status").asText());
        assertEquals("ledger rejected: frozen", activity.get("failure_message").asText());
        assertEquals("LedgerRejected", activity.at("/failure/type").asText());
        assertEquals("account locked", activity.at("/failure/causes/0/message").asText());
        assertEquals("maximum_attempts_reached", activity.get("retry_state").asText());
        assertEquals(1, details.at("/trace/failed_activities").asInt());
        assertEquals("ActivityFailure", details.at("/failure/type").asText());
    }

    @Test
    void aRunningExecutionShowsItsRetryingActivityLiveState() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "retrying-" + UUID.randomUUID();
        var retrying = stub(TraceWorkflows.KeepsRetrying.class, workflowId);
        WorkflowClient.start(retrying::run, "gateway down");
        rows.insert(org, Map.of("temporal_workflow_id", workflowId, "status", "running"));
        try {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> details(org, workflowId, "")
                                    .at("/trace/activities/0/attempt")
                                    .asInt()
                            >= 3);

            JsonNode details = details(org, workflowId, "");
            assertEquals("RUNNING", details.get("status").asText());
            assertTrue(details.get("close_time").isNull());
            assertTrue(details.get("execution_duration_ms").asDouble() > 0);
            JsonNode activity = details.at("/trace/activities/0");
            // Between attempts it waits to be scheduled again; during one, describe says it started.
            assertTrue(
                    List.of("scheduled", "started")
                            .contains(activity.get("status").asText()),
                    activity.toString());
            assertEquals(
                    "ledger rejected: gateway down",
                    activity.get("failure_message").asText());
            assertEquals(1000, activity.at("/pending/maximum_attempts").asInt());
            assertEquals(
                    "ledger rejected: gateway down",
                    activity.at("/pending/last_failure/message").asText());
            assertTrue(activity.at("/pending/last_worker_identity").isTextual());
            assertEquals(0, details.at("/trace/failed_activities").asInt());
        } finally {
            temporal.newUntypedWorkflowStub(workflowId).terminate("test done");
        }
    }

    @Test
    void anExecutionTemporalDoesNotKnowIsAnsweredFromTheRow() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "never-started-" + UUID.randomUUID();
        UUID id = rows.insert(
                org,
                Map.of(
                        "temporal_workflow_id",
                        workflowId,
                        "status",
                        "pending",
                        "payload",
                        new Json("[1,2]"),
                        "task_queue",
                        "agents",
                        "workflow_type",
                        "Agent"));

        JsonNode details = details(org, workflowId, "");

        assertEquals(JSON.readTree("""
                {"database": "ok", "temporal": "not_found",
                 "temporal_detail": "Temporal has no such workflow (not started yet, or past retention)"}"""), details.get("sources"));
        assertEquals("UNKNOWN", details.get("status").asText());
        assertEquals("", details.get("run_id").asText());
        assertEquals(id.toString(), details.get("execution_id").asText());
        assertEquals("pending", details.get("execution_status").asText());
        assertEquals("agents", details.get("task_queue").asText());
        assertEquals("Agent", details.get("workflow_type").asText());
        assertEquals(JSON.readTree("{\"value\":[1,2]}"), details.get("input"));
        assertEquals(0, details.at("/trace/total_activities").asInt());
        assertEquals(0, details.get("recent_events").size());
        assertEquals(
                "http://temporal-ui.test:8233/namespaces/default/workflows/" + workflowId,
                details.get("temporal_web_url").asText());
    }

    @Test
    void anotherOrganizationGetsNothingEvenWhenTemporalHasTheWorkflow() {
        String owner = "org-" + UUID.randomUUID();
        String workflowId = "charge-" + UUID.randomUUID();
        stub(TraceWorkflows.RetryingCharge.class, workflowId).run(new Order("secret", 1, List.of()));
        rows.insert(owner, Map.of("temporal_workflow_id", workflowId));

        given().auth()
                .oauth2(TestTokens.forOrganization("org-" + UUID.randomUUID()))
                .when()
                .get("/api/v1/executions/" + workflowId + "/details")
                .then()
                .statusCode(404)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", equalTo("no execution with this id in the caller's organization"));
    }

    @Test
    void badRecentEventsValuesAreRejected() {
        for (String value : List.of("-1", "1001", "x", "2.5")) {
            given().auth()
                    .oauth2(TestTokens.forOrganization("org-x"))
                    .when()
                    .get("/api/v1/executions/" + UUID.randomUUID() + "/details?recent_events=" + value)
                    .then()
                    .statusCode(400)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("detail", equalTo("recent_events must be a whole number from 0 to 1000"));
        }
    }

    @Test
    void theServiceIsReadyWhenPostgresqlAndTemporalAnswer() {
        Management.given()
                .when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'Temporal frontend' }.status", equalTo("UP"));
    }

    @Test
    void metricsShowEachBackendsLatencyAndTheHistoryEventsRead() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "charge-" + UUID.randomUUID();
        stub(TraceWorkflows.RetryingCharge.class, workflowId).run(new Order("o-m", 1, List.of()));
        rows.insert(org, Map.of("temporal_workflow_id", workflowId));
        details(org, workflowId, "");

        String metrics = Management.given()
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        // Callers of the API never see them: the counts would tell whether a workflow id exists in Temporal.
        given().when().get("/q/metrics").then().statusCode(404);
        given().when().get("/q/health/ready").then().statusCode(404);
        for (String source : List.of("row", "describe", "history")) {
            assertTrue(metrics.contains("runlens_backend_latency_seconds_count{source=\"" + source + "\"}"), source);
        }
        assertTrue(metrics.contains("runlens_history_events_total"), "history events counter");
        assertTrue(
                metrics.lines()
                        .anyMatch(line -> line.startsWith("http_server_requests_seconds_count")
                                && line.contains("uri=\"/api/v1/executions/{execution_id}/details\"")
                                && line.contains("status=\"200\"")),
                "request latency per endpoint and status");
        // Histograms, not summaries: buckets can be aggregated across replicas.
        assertTrue(
                metrics.lines()
                        .anyMatch(line -> line.startsWith("http_server_requests_seconds_bucket")
                                && line.contains("uri=\"/api/v1/executions/{execution_id}/details\"")
                                && line.contains("le=\"")),
                "request latency histogram buckets");
        assertTrue(
                metrics.lines()
                        .anyMatch(line -> line.startsWith("runlens_backend_latency_seconds_bucket")
                                && line.contains("source=\"history\"")),
                "backend latency histogram buckets");
    }
}
