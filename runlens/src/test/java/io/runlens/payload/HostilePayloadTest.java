package io.runlens.payload;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Payloads built to hurt: keys of 50,000 characters, JSON nested up to and past Jackson's 1,000
 * levels, in rows and in Temporal payloads. Each answer is a prompt 200 that degrades only the
 * offending payload.
 */
@QuarkusTest
@QuarkusTestResource(value = TemporalTestService.class, restrictToAnnotatedClass = true)
class HostilePayloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOO_DEEP = "nested deeper than " + PayloadReader.MAX_DEPTH + " levels";
    // A blocked event loop would otherwise hang the test instead of failing it.
    private static final RestAssuredConfig IMPATIENT = RestAssured.config()
            .httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.socket.timeout", 15_000)
                    .setParam("http.connection.timeout", 5_000));

    @InjectTemporal
    WorkflowClient temporal;

    private final ExecutionRows rows;

    HostilePayloadTest(ExecutionRows rows) {
        this.rows = rows;
    }

    private static Response get(String org, String path) {
        return given().config(IMPATIENT)
                .auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get(path);
    }

    private static JsonNode ok(Response response) throws Exception {
        assertEquals(200, response.statusCode(), response.asString());
        return JSON.readTree(response.asString());
    }

    private static String nestedArrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static void assertTooDeep(JsonNode marker, String encoding) {
        assertTrue(marker.path("undecodable").asBoolean(), marker.toString());
        assertEquals(encoding, marker.path("encoding").asText(), marker.toString());
        assertEquals(TOO_DEEP, marker.path("reason").asText(), marker.toString());
    }

    @Test
    void aRowWhosePayloadHasAFiftyThousandCharacterKeyIsAnsweredPromptly() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String key = "a_".repeat(25_000);
        UUID id = rows.insert(
                org,
                Map.of(
                        "payload",
                        new Json(JSON.createObjectNode()
                                .put(key, 1)
                                .put("password", "p")
                                .toString())));

        Instant start = Instant.now();
        JsonNode answer = ok(get(org, "/api/v1/executions/" + id));
        Duration took = Duration.between(start, Instant.now());

        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
        assertEquals(1, answer.at("/payload").get(key).asInt());
        assertEquals("[REDACTED]", answer.at("/payload/password").asText());
    }

    @Test
    void aRowPayloadNestedAtOrPastJacksonsLimitIsAMarkerAndTheRestIsServed() throws Exception {
        String org = "org-" + UUID.randomUUID();
        for (int depth : new int[] {1_000, 1_001, 3_000}) {
            UUID id = rows.insert(
                    org,
                    Map.of(
                            "payload",
                            new Json(nestedArrays(depth)),
                            "result",
                            new Json("{\"ok\": true}"),
                            "status",
                            "completed"));

            JsonNode answer = ok(get(org, "/api/v1/executions/" + id));

            assertTooDeep(answer.get("payload"), "jsonb");
            assertTrue(answer.at("/result/ok").asBoolean(), answer.toString());
            assertEquals("completed", answer.get("status").asText());
        }
        JsonNode shallow = ok(get(
                org,
                "/api/v1/executions/"
                        + rows.insert(org, Map.of("payload", new Json(nestedArrays(PayloadReader.MAX_DEPTH))))));
        assertEquals(
                PayloadReader.MAX_DEPTH, depthOf(shallow.get("payload")), "a payload at the bound is served whole");
    }

    @Test
    void theOrganizationsListPageWithADeepRowIsServed() throws Exception {
        String org = "org-" + UUID.randomUUID();
        UUID deep = rows.insert(
                org,
                Map.of("payload", new Json(nestedArrays(1_000)), "created_at", Instant.parse("2026-11-01T00:00:00Z")));
        UUID plain = rows.insert(
                org,
                Map.of(
                        "payload",
                        new Json("{\"prompt\": \"hello\"}"),
                        "created_at",
                        Instant.parse("2026-11-01T00:01:00Z")));

        JsonNode page = ok(get(org, "/api/v1/executions?limit=200"));

        assertEquals(plain.toString(), page.at("/items/0/id").asText());
        assertEquals("hello", page.at("/items/0/payload/prompt").asText());
        assertEquals(deep.toString(), page.at("/items/1/id").asText());
        assertTooDeep(page.at("/items/1/payload"), "jsonb");
    }

    @Test
    void aWorkflowInputNestedNearJacksonsLimitIsAMarkerInDetails() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "deep-" + UUID.randomUUID();
        // 999 levels: as deep as the SDK's own Jackson writes and reads, deeper than any answer can wrap.
        JsonNode deepInput = JSON.readTree(nestedArrays(999));
        PayloadWorkflows.Deep deep = temporal.newWorkflowStub(
                PayloadWorkflows.Deep.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
        assertEquals(999, deep.depth(deepInput));
        String runId = WorkflowStub.fromTyped(deep).getExecution().getRunId();
        UUID id = rows.insert(
                org, Map.of("temporal_workflow_id", workflowId, "temporal_run_id", runId, "status", "completed"));

        JsonNode details = ok(get(org, "/api/v1/executions/" + id + "/details?recent_events=1000"));

        assertEquals("ok", details.at("/sources/temporal").asText(), details.toString());
        assertTooDeep(details.get("input"), "json/plain");
        assertEquals(999, details.at("/result/value").asInt());
        JsonNode started =
                details.at("/recent_events/" + (details.get("recent_events").size() - 1));
        assertEquals("WorkflowExecutionStarted", started.get("event_type").asText());
        assertTooDeep(started.at("/details/input/payloads/0"), "json/plain");
        ok(get(org, "/api/v1/workflows/wf-def/executions/" + runId));
    }

    private static int depthOf(JsonNode node) {
        int depth = 0;
        while (node != null && node.isContainerNode()) {
            depth++;
            node = node.size() == 0 ? null : node.get(0);
        }
        return depth;
    }
}
