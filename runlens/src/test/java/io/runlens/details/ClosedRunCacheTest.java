package io.runlens.details;

import static io.restassured.RestAssured.given;
import static io.runlens.support.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.runlens.support.ExecutionRows;
import io.runlens.support.Management;
import io.runlens.support.TemporalTestService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.temporal.TraceWorkflows;
import io.runlens.support.temporal.TraceWorkflows.Order;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The closed-run cache, observed from outside: Temporal calls are counted by the backend latency
 * timers at /q/metrics, so "served from the cache" means "Temporal was not asked".
 */
@QuarkusTest
@QuarkusTestResource(value = TemporalTestService.class, restrictToAnnotatedClass = true)
class ClosedRunCacheTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectTemporal
    WorkflowClient temporal;

    private final ExecutionRows rows;

    ClosedRunCacheTest(ExecutionRows rows) {
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

    private static Response get(String org, String path) {
        return given().auth().oauth2(TestTokens.forOrganization(org)).when().get(path);
    }

    private static double metric(String name, String labels) {
        String metrics = Management.given()
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher value = Pattern.compile(
                        "^" + Pattern.quote(name + "{" + labels) + "[^}]*\\} ([0-9.E+-]+)$", Pattern.MULTILINE)
                .matcher(metrics);
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }

    private static double temporalCalls() {
        return metric("runlens_backend_latency_seconds_count", "source=\"describe\"")
                + metric("runlens_backend_latency_seconds_count", "source=\"history\"");
    }

    @Test
    void aClosedRunIsReadFromTemporalOnceAndThenServedWithoutAskingIt() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "charge-" + UUID.randomUUID();
        TraceWorkflows.RetryingCharge charge = stub(TraceWorkflows.RetryingCharge.class, workflowId);
        charge.run(new Order("o-c", 1, List.of("cache")));
        String runId = WorkflowStub.fromTyped(charge).getExecution().getRunId();
        UUID id = rows.insert(
                org, Map.of("temporal_workflow_id", workflowId, "temporal_run_id", runId, "status", "completed"));

        double before = temporalCalls();
        String first = get(org, "/api/v1/executions/" + id + "/details")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(temporalCalls() >= before + 2, "the first read describes the run and reads its history");

        // Named by its workflow id for the first time: Temporal is asked which run is the latest, and
        // that run's history comes from the cache.
        double histories = metric("runlens_backend_latency_seconds_count", "source=\"history\"");
        String byWorkflowId = get(org, "/api/v1/executions/" + workflowId + "/details")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertEquals(JSON.readTree(first), JSON.readTree(byWorkflowId), "the cached answer is the same answer");
        assertEquals(
                histories,
                metric("runlens_backend_latency_seconds_count", "source=\"history\""),
                "the history of a closed run is read once");

        // From then on, both ids are answered from the row and the cache alone.
        double calls = temporalCalls();
        double hitsBefore = metric("cache_gets_total", "cache=\"runlens.closed-runs\",result=\"hit\"");
        for (String path :
                List.of("/api/v1/executions/" + id + "/details", "/api/v1/executions/" + workflowId + "/details")) {
            String again = get(org, path).then().statusCode(200).extract().asString();
            assertEquals(JSON.readTree(first), JSON.readTree(again), "the cached answer is the same answer");
        }
        assertEquals(calls, temporalCalls(), "no Temporal call for a final run already read");
        assertTrue(
                metric("cache_gets_total", "cache=\"runlens.closed-runs\",result=\"hit\"") >= hitsBefore + 2,
                "cache hits are counted");

        // Another organization naming the same ids gets nothing from the cache.
        get("org-" + UUID.randomUUID(), "/api/v1/executions/" + workflowId + "/details")
                .then()
                .statusCode(404);

        // The step view asks for the run by its id: a closed run needs no Temporal call there either,
        // once read (its entry differs: no recent events).
        get(org, "/api/v1/workflows/wf-def/executions/" + runId).then().statusCode(200);
        double afterSteps = temporalCalls();
        get(org, "/api/v1/workflows/wf-def/executions/" + runId).then().statusCode(200);
        assertEquals(afterSteps, temporalCalls());
    }

    @Test
    void aRunningExecutionIsReadFromTemporalEveryTimeAndNeverServedStale() {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "mixed-" + UUID.randomUUID();
        String runId = WorkflowClient.start(stub(TraceWorkflows.Mixed.class, workflowId)::run, 2, 3)
                .getRunId();
        WorkflowStub running = temporal.newUntypedWorkflowStub(workflowId);
        rows.insert(org, Map.of("temporal_workflow_id", workflowId, "temporal_run_id", runId, "status", "running"));
        String path = "/api/v1/executions/" + workflowId + "/details";
        // Wait until the workflow sleeps on its timer: its history is then still until signalled.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> get(org, path)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("trace.timeline.type")
                        .contains("timer_started"));
        JsonNode before =
                readTree(get(org, path).then().statusCode(200).extract().asString());
        assertEquals("RUNNING", before.get("status").asText());

        double calls = temporalCalls();
        running.signal("approve", "ops");
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        readTree(get(org, path).then().statusCode(200).extract().asString())
                                        .get("history_length")
                                        .asInt()
                                > before.get("history_length").asInt());
        assertTrue(temporalCalls() > calls, "each read of a running execution asks Temporal");

        running.terminate("test over");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "TERMINATED"
                        .equals(get(org, path)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getString("status")));
        JsonNode closed =
                readTree(get(org, path).then().statusCode(200).extract().asString());
        assertNotEquals(
                before.get("history_length").asInt(),
                closed.get("history_length").asInt());
        double afterClose = temporalCalls();
        assertEquals(
                closed, readTree(get(org, path).then().statusCode(200).extract().asString()));
        assertEquals(afterClose, temporalCalls(), "once terminated, the run is final and served from the cache");
    }

    private static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * One entry per closed run whatever recent_events callers ask for: asking for every window in turn
     * neither multiplies the run's entries in the closed-run cache nor its rendered answers (which
     * would evict other tenants' entries), and every window is still answered exactly.
     */
    @Test
    void askingForEveryRecentEventsWindowKeepsOneEntryPerRun() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "charge-" + UUID.randomUUID();
        TraceWorkflows.RetryingCharge charge = stub(TraceWorkflows.RetryingCharge.class, workflowId);
        charge.run(new Order("o-w", 1, List.of("windows")));
        String runId = WorkflowStub.fromTyped(charge).getExecution().getRunId();
        UUID id = rows.insert(
                org, Map.of("temporal_workflow_id", workflowId, "temporal_run_id", runId, "status", "completed"));
        String path = "/api/v1/executions/" + id + "/details?recent_events=";
        JsonNode widest =
                readTree(get(org, path + 40).then().statusCode(200).extract().asString());
        int historyLength = widest.get("history_length").asInt();
        double runsBefore = metric("cache_size", "cache=\"runlens.closed-runs\"");
        double renderedBefore = metric("cache_size", "cache=\"runlens.rendered-answers\"");

        for (int window = 0; window <= 40; window++) {
            JsonNode answer = readTree(
                    get(org, path + window).then().statusCode(200).extract().asString());
            JsonNode recent = answer.get("recent_events");
            assertEquals(Math.min(window, historyLength), recent.size(), "window " + window);
            for (int i = 0; i < recent.size(); i++) {
                assertEquals(widest.get("recent_events").get(i), recent.get(i), "window " + window + ", newest first");
            }
        }
        assertEquals(
                runsBefore,
                metric("cache_size", "cache=\"runlens.closed-runs\""),
                "one entry for the run, whatever the window");
        assertTrue(
                metric("cache_size", "cache=\"runlens.rendered-answers\"") <= renderedBefore + 1,
                "only the default window's answer is kept rendered");
    }
}
