package io.runlens.payload;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runlens.support.CodecTestServer;
import io.runlens.support.CodecTestServer.Mode;
import io.runlens.support.ExecutionRows;
import io.runlens.support.Management;
import io.runlens.support.SseClient;
import io.runlens.support.TemporalTestService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.temporal.PayloadWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.worker.WorkerFactory;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Encrypted payloads, decoded by a codec server: one batch per answer, X-Namespace and the
 * configured Authorization sent, and the answer still a 200 when the codec server fails or hangs.
 * A second tenant's run lives in namespace {@value #OTHER_NAMESPACE}: what the codec server does
 * with its payloads must not leave the first tenant's undecoded.
 */
@QuarkusTest
@QuarkusTestResource(value = TemporalTestService.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = CodecTestServer.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CodecServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUEUE = "codec-tests";
    private static final String OTHER_NAMESPACE = "tenant-a";

    @InjectTemporal
    WorkflowClient temporal;

    @TestHTTPResource("/")
    URI base;

    // A field, not a constructor parameter: with a per-class instance made while Quarkus restarts for
    // this class's resources, constructor injection met the previous application's state (CI, after TracingTest).
    @Inject
    ExecutionRows rows;

    private WorkerFactory workers;
    private WorkerFactory otherWorkers;
    private WorkflowClient encrypting;
    private String org;
    private UUID id;
    private String runId;
    private String otherOrg;
    private UUID otherId;

    @BeforeAll
    void runAnEncryptedWorkflow() {
        // A worker and client that encrypt every payload, as a platform with a codec would.
        encrypting = WorkflowClient.newInstance(
                temporal.getWorkflowServiceStubs(),
                WorkflowClientOptions.newBuilder()
                        .setDataConverter(new CodecDataConverter(
                                DefaultDataConverter.newDefaultInstance(), List.of(new CodecTestServer.XorCodec())))
                        .build());
        workers = WorkerFactory.newInstance(encrypting);
        workers.newWorker(QUEUE)
                .registerWorkflowImplementationTypes(
                        PayloadWorkflows.EchoImpl.class, PayloadWorkflows.SummarizedEchoImpl.class);
        workers.getWorker(QUEUE).registerActivitiesImplementations(new PayloadWorkflows.EchoStepImpl());
        workers.start();
        org = "org-" + UUID.randomUUID();
        String workflowId = "sealed-" + UUID.randomUUID();
        PayloadWorkflows.Echo echo = encrypting.newWorkflowStub(
                PayloadWorkflows.Echo.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
        echo.run(Map.of("patient", "ada", "password", "sealed-secret"));
        runId = WorkflowStub.fromTyped(echo).getExecution().getRunId();
        id = rows.insert(
                org, Map.of("temporal_workflow_id", workflowId, "temporal_run_id", runId, "status", "completed"));

        // Another tenant's encrypted run, in a namespace of its own.
        WorkflowClient other = WorkflowClient.newInstance(
                temporal.getWorkflowServiceStubs(),
                WorkflowClientOptions.newBuilder()
                        .setNamespace(OTHER_NAMESPACE)
                        .setDataConverter(new CodecDataConverter(
                                DefaultDataConverter.newDefaultInstance(), List.of(new CodecTestServer.XorCodec())))
                        .build());
        otherWorkers = WorkerFactory.newInstance(other);
        otherWorkers.newWorker(QUEUE).registerWorkflowImplementationTypes(PayloadWorkflows.EchoImpl.class);
        otherWorkers.getWorker(QUEUE).registerActivitiesImplementations(new PayloadWorkflows.EchoStepImpl());
        otherWorkers.start();
        otherOrg = "org-" + UUID.randomUUID();
        String otherWorkflowId = "sealed-" + UUID.randomUUID();
        PayloadWorkflows.Echo otherEcho = other.newWorkflowStub(
                PayloadWorkflows.Echo.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(QUEUE)
                        .setWorkflowId(otherWorkflowId)
                        .build());
        otherEcho.run(Map.of("patient", "bob"));
        otherId = rows.insert(
                otherOrg,
                Map.of(
                        "temporal_workflow_id",
                        otherWorkflowId,
                        "temporal_namespace",
                        OTHER_NAMESPACE,
                        "temporal_run_id",
                        WorkflowStub.fromTyped(otherEcho).getExecution().getRunId(),
                        "status",
                        "completed"));
    }

    @AfterAll
    void stopWorkers() {
        workers.shutdownNow();
        otherWorkers.shutdownNow();
    }

    @BeforeEach
    void reset() {
        CodecTestServer.mode = Mode.DECODE;
        CodecTestServer.MODE_BY_NAMESPACE.clear();
        CodecTestServer.REQUESTS.clear();
    }

    private JsonNode get(String path) throws Exception {
        return getAs(org, path);
    }

    private static JsonNode getAs(String organization, String path) throws Exception {
        return JSON.readTree(given().auth()
                .oauth2(TestTokens.forOrganization(organization))
                .when()
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    private static long requestsFor(String namespace) {
        return CodecTestServer.REQUESTS.stream()
                .filter(request -> namespace.equals(request.namespace()))
                .count();
    }

    @Test
    @Order(1)
    void encryptedPayloadsAreDecodedByTheCodecServerInOneBatchPerAnswerAndStillRedacted() throws Exception {
        JsonNode details = get("/api/v1/executions/" + id + "/details?recent_events=1000");

        assertEquals("ada", details.at("/input/patient").asText(), details.toString());
        assertEquals("[REDACTED]", details.at("/input/password").asText(), "decoded payloads are redacted too");
        assertEquals("ada", details.at("/result/patient").asText());
        assertEquals("ada", details.at("/trace/activities/0/input/patient").asText());
        assertFalse(details.toString().contains("undecodable"), details.toString());
        assertFalse(details.toString().contains("sealed-secret"));
        assertEquals(1, CodecTestServer.REQUESTS.size(), "one codec call per answer");
        CodecTestServer.Request request = CodecTestServer.REQUESTS.get(0);
        assertEquals("default", request.namespace());
        assertEquals("Bearer codec-secret", request.authorization());
        assertEquals(
                1,
                request.payloads(),
                "input and result are the same bytes (an echo): each distinct payload goes once");

        JsonNode steps = get("/api/v1/workflows/wf-def/executions/" + runId);
        assertEquals("ada", steps.at("/steps/0/output/patient").asText(), steps.toString());
    }

    /** A row of the encrypting worker's workflow whose activity has a summary; the summary is encoded like any payload. */
    private record Summarized(UUID id, String runId) {}

    private Summarized summarizedRun() {
        String workflowId = "sealed-summary-" + UUID.randomUUID();
        PayloadWorkflows.SummarizedEcho echo = encrypting.newWorkflowStub(
                PayloadWorkflows.SummarizedEcho.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
        echo.run(Map.of("patient", "ada"));
        String summarizedRunId = WorkflowStub.fromTyped(echo).getExecution().getRunId();
        UUID summarizedId = rows.insert(
                org,
                Map.of(
                        "workflow_id",
                        "summarized",
                        "temporal_workflow_id",
                        workflowId,
                        "temporal_run_id",
                        summarizedRunId,
                        "status",
                        "completed"));
        return new Summarized(summarizedId, summarizedRunId);
    }

    @Test
    @Order(2)
    void anEncryptedSummaryIsDecodedThroughTheCodecServerInTheSameBatch() throws Exception {
        Summarized summarized = summarizedRun();
        CodecTestServer.REQUESTS.clear();

        JsonNode details = get("/api/v1/executions/" + summarized.id() + "/details");

        assertEquals(
                PayloadWorkflows.SummarizedEchoImpl.SUMMARY,
                details.at("/trace/activities/0/summary").textValue(),
                details.toString());
        assertFalse(details.toString().contains("undecodable"), details.toString());
        assertEquals(1, CodecTestServer.REQUESTS.size(), "the summary goes in the answer's one codec call");

        JsonNode steps = get("/api/v1/workflows/summarized/executions/" + summarized.runId());
        assertEquals(
                PayloadWorkflows.SummarizedEchoImpl.SUMMARY,
                steps.at("/steps/0/step_name").textValue(),
                steps.toString());
    }

    @Test
    @Order(3)
    void aStreamDecodesEncryptedPayloadsThroughTheCodecServerToo() throws Exception {
        try (SseClient stream = SseClient.open(
                base.resolve("/api/v1/executions/" + id + "/stream"),
                Map.of("Authorization", "Bearer " + TestTokens.forOrganization(org)))) {
            List<SseClient.Event> events = stream.until(event -> event.name().equals("end"), Duration.ofSeconds(20));
            JsonNode end = JSON.readTree(events.get(events.size() - 1).data());
            assertEquals("ada", end.at("/result/patient").asText(), end.toString());
            assertEquals("[REDACTED]", end.at("/result/password").asText());
            events.forEach(event -> {
                assertFalse(event.data().contains("undecodable"), event.toString());
                assertFalse(event.data().contains("sealed-secret"), event.toString());
            });
        }
        assertEquals(1, CodecTestServer.REQUESTS.size(), "one codec call for the page that held the payloads");
    }

    @Test
    @Order(4)
    void aFailingCodecServerLeavesThePayloadsMarkedAndTheAnswerWhole() throws Exception {
        CodecTestServer.mode = Mode.FAIL;
        JsonNode details = get("/api/v1/executions/" + id + "/details");
        assertTrue(details.at("/input/undecodable").asBoolean(), details.toString());
        assertEquals(CodecTestServer.ENCODING, details.at("/input/encoding").asText());
        assertTrue(
                details.at("/input/reason").asText().contains("HTTP 500"),
                details.at("/input/reason").asText());
        assertEquals("ok", details.at("/sources/temporal").asText());
    }

    @Test
    @Order(5)
    void aHangingCodecServerCostsNoMoreThanItsTimeout() throws Exception {
        CodecTestServer.mode = Mode.HANG;
        Instant start = Instant.now();
        JsonNode details = get("/api/v1/executions/" + id + "/details");
        Duration took = Duration.between(start, Instant.now());
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took);
        assertTrue(details.at("/input/undecodable").asBoolean());
        assertTrue(
                details.at("/input/reason").asText().contains("did not answer"),
                details.at("/input/reason").asText());
    }

    @Test
    @Order(6)
    void payloadsTheCodecServerRefusesForOneTenantNeverLeaveAnotherTenantsUndecoded() throws Exception {
        CodecTestServer.MODE_BY_NAMESPACE.put(OTHER_NAMESPACE, Mode.REFUSE);
        // The other tenant's payloads were sealed with a key the codec server does not hold: it answers 400, every
        // time.
        for (int i = 0; i < 8; i++) {
            JsonNode refused = getAs(otherOrg, "/api/v1/executions/" + otherId + "/details");
            assertTrue(
                    refused.at("/input/reason").asText().contains("HTTP 400"),
                    refused.at("/input/reason").asText());
        }
        assertEquals(8, requestsFor(OTHER_NAMESPACE), "a codec server that refuses payloads is up: it is still asked");

        JsonNode details = get("/api/v1/executions/" + id + "/details");
        assertEquals("ada", details.at("/input/patient").asText(), details.toString());
        assertEquals(1, requestsFor("default"));
    }

    @Test
    @Order(7)
    void aTenantWhoseCodecCallsTimeOutLeavesOnlyItsOwnNamespaceAlone() throws Exception {
        CodecTestServer.MODE_BY_NAMESPACE.put(OTHER_NAMESPACE, Mode.HANG);
        JsonNode slow = null;
        for (int i = 0; i < 6; i++) {
            slow = getAs(otherOrg, "/api/v1/executions/" + otherId + "/details");
        }
        assertTrue(
                slow.at("/input/reason").asText().contains("left alone"),
                slow.at("/input/reason").asText());
        assertTrue(requestsFor(OTHER_NAMESPACE) < 6, "its breaker stopped calling: " + requestsFor(OTHER_NAMESPACE));

        JsonNode details = get("/api/v1/executions/" + id + "/details");
        assertEquals("ada", details.at("/input/patient").asText(), details.toString());
        assertFalse(details.toString().contains("undecodable"), details.toString());
        assertEquals(1, requestsFor("default"), "the first tenant's namespace is still asked");
        assertEquals(1.0, openBreakers(), "only the slow namespace's breaker is open");
    }

    private static double openBreakers() {
        String metrics = Management.given()
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return metrics.lines()
                .filter(line -> line.startsWith("runlens_codec_breakers_open "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
                .findFirst()
                .orElse(-1);
    }

    @Test
    @Order(8)
    void aCodecServerThatKeepsFailingIsLeftAloneForAWhile() throws Exception {
        CodecTestServer.mode = Mode.FAIL;
        double openBefore = openBreakers();
        JsonNode details = null;
        for (int i = 0; i < 8; i++) {
            details = get("/api/v1/executions/" + id + "/details");
        }
        int calls = CodecTestServer.REQUESTS.size();
        assertTrue(calls < 8, "the breaker stopped calling after repeated failures: " + calls + " calls");
        assertTrue(
                details.at("/input/reason").asText().contains("left alone"),
                details.at("/input/reason").asText());

        assertEquals(openBefore + 1, openBreakers(), "the open breaker is in the metrics");
    }

    @Test
    @Order(9)
    void anEncodedSummaryTheCodecServerCannotDecodeIsNoStepNameAndNeverTheMarkersText() throws Exception {
        Summarized summarized = summarizedRun();
        CodecTestServer.mode = Mode.FAIL;

        JsonNode steps = get("/api/v1/workflows/summarized/executions/" + summarized.runId());
        assertTrue(steps.at("/steps/0/step_name").isNull(), steps.toString());
        JsonNode details = get("/api/v1/executions/" + summarized.id() + "/details");
        assertTrue(details.at("/trace/activities/0/summary/undecodable").asBoolean(), details.toString());
    }
}
