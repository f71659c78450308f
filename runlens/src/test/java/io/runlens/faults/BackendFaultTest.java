package io.runlens.faults;

import static io.restassured.RestAssured.given;
import static io.runlens.support.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.runlens.api.Problem;
import io.runlens.keys.ApiKeys;
import io.runlens.support.DelayedBackends.Proxies;
import io.runlens.support.ExecutionRows;
import io.runlens.support.FaultProxy;
import io.runlens.support.FaultProxy.Mode;
import io.runlens.support.FaultyBackends;
import io.runlens.support.Management;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.temporal.TraceWorkflows;
import io.runlens.support.temporal.TraceWorkflows.Order;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each backend broken on purpose, in every way a link breaks, under every read endpoint: Temporal
 * faults give partial 200s, PostgreSQL faults 503s with Retry-After; every answer comes within the
 * request deadline, and once the link heals the next requests succeed without a restart.
 */
@QuarkusTest
@QuarkusTestResource(value = FaultyBackends.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackendFaultTest {

    /** The deadline plus room for a busy CI machine; a hang would be far beyond it. */
    private static final long WITHIN_MS = FaultyBackends.REQUEST_DEADLINE_MS + 3000;

    /** A request that hangs is given up on the client side a little after WITHIN_MS, so it fails instead of hanging the build. */
    private static final RestAssuredConfig GIVE_UP = RestAssuredConfig.config()
            .httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.socket.timeout", (int) WITHIN_MS + 2000)
                    .setParam("http.connection.timeout", 2000));

    @InjectTemporal
    WorkflowClient temporal;

    @InjectTemporal
    Proxies proxies;

    private final ExecutionRows rows;
    private String org;
    private String token;
    private UUID id;
    private String runId;
    private String apiKey;
    private String revocableKeyId;

    BackendFaultTest(ExecutionRows rows) {
        this.rows = rows;
    }

    @BeforeAll
    void oneClosedExecution() {
        org = "org-" + UUID.randomUUID();
        token = TestTokens.forOrganization(org);
        String workflowId = "charge-" + UUID.randomUUID();
        TraceWorkflows.RetryingCharge charge = temporal.newWorkflowStub(
                TraceWorkflows.RetryingCharge.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
        charge.run(new Order("o-f", 1, List.of()));
        runId = WorkflowStub.fromTyped(charge).getExecution().getRunId();
        id = rows.insert(
                org, Map.of("temporal_workflow_id", workflowId, "temporal_run_id", runId, "status", "completed"));
    }

    // Over HTTP, so not in @BeforeAll: RestAssured learns the test port before each test.
    private void keysCreated() {
        if (apiKey == null) {
            apiKey = createKey("fault machine").getString("key");
            revocableKeyId = createKey("revoked under faults").getString("id");
        }
    }

    private io.restassured.path.json.JsonPath createKey(String name) {
        return given().auth()
                .oauth2(TestTokens.adminOf(org))
                .contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .when()
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    /**
     * Every test starts from healthy links and a recovered service: the first queries of a fresh
     * application are slow (pools, plans), and after a fault the breakers half-open only after their delay.
     */
    @BeforeEach
    void healAndRecover() {
        proxies.heal();
        // Breakers half-open after their delay; the next requests must then simply work.
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    for (String path : rowPaths()) {
                        assertEquals(200, get(path).statusCode(), path);
                    }
                    for (String path : temporalPaths()) {
                        Response answer = get(path);
                        assertEquals(200, answer.statusCode(), path);
                        assertEquals("ok", answer.jsonPath().getString("sources.temporal"), path);
                    }
                });
    }

    private List<String> rowPaths() {
        return List.of("/api/v1/executions/" + id, "/api/v1/executions", "/api/v1/workflows/wf-def/executions");
    }

    private List<String> temporalPaths() {
        return List.of("/api/v1/executions/" + id + "/details", "/api/v1/workflows/wf-def/executions/" + runId);
    }

    private Response get(String path) {
        return given().auth().oauth2(token).when().get(path);
    }

    /** The answer to {@code path}, checked to have come within the deadline. */
    private Response timed(String path) {
        long start = System.nanoTime();
        Response answer = get(path);
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(took < WITHIN_MS, path + " took " + took + " ms");
        return answer;
    }

    /** {@code request}'s answer, checked to have come within the deadline; a hang fails instead of waiting forever. */
    private static Response timed(String what, Function<RequestSpecification, Response> request) {
        long start = System.nanoTime();
        Response answer;
        try {
            answer = request.apply(given().config(GIVE_UP));
        } catch (Exception e) {
            long took = (System.nanoTime() - start) / 1_000_000;
            throw new AssertionError(what + ": no answer after " + took + " ms (" + e + ")", e);
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(took < WITHIN_MS, what + " took " + took + " ms");
        return answer;
    }

    private static void assertServiceUnavailable(Response answer, String what) {
        assertEquals(503, answer.statusCode(), what + ": " + answer.asString());
        assertTrue(answer.contentType().startsWith(Problem.MEDIA_TYPE), what);
        assertFalse(answer.jsonPath().getString("detail").isBlank(), what);
        assertTrue(Integer.parseInt(answer.header("Retry-After")) > 0, what);
    }

    private static void fault(FaultProxy proxy, String fault) {
        if (fault.startsWith("DELAY")) {
            proxy.delayMillis(3000);
        } else {
            proxy.mode(Mode.valueOf(fault));
        }
    }

    @ParameterizedTest
    @EnumSource(
            names = {"DELAY", "RESET", "BLACKHOLE", "CUT", "DOWN"},
            value = Fault.class)
    void aTemporalFaultGivesPartialDetailsWithinTheDeadlineAndRowsAsUsual(Fault fault) {
        fault(proxies.temporal(), fault.name());
        for (String path : temporalPaths()) {
            Response answer = timed(path);
            assertEquals(200, answer.statusCode(), path + " " + answer.asString());
            assertEquals("unavailable", answer.jsonPath().getString("sources.temporal"), path + " " + fault);
        }
        for (String path : rowPaths()) {
            assertEquals(200, timed(path).statusCode(), path);
        }
        // The Temporal breaker's state is visible to operators.
        String metrics = Management.given()
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(
                metrics.lines()
                        .anyMatch(line -> line.startsWith("ft_circuitbreaker_state_current")
                                && line.contains("method=\"temporal\"")),
                "Temporal breaker state at /q/metrics");
        // Back again: the next requests simply work, with no restart.
        healAndRecover();
    }

    @ParameterizedTest
    @EnumSource(
            names = {"DELAY", "RESET", "BLACKHOLE", "CUT", "DOWN"},
            value = Fault.class)
    void aPostgresFaultIsA503WithRetryAfterOnEveryEndpointWithinTheDeadline(Fault fault) {
        fault(proxies.database(), fault.name());
        List<String> all = new ArrayList<>(rowPaths());
        all.addAll(temporalPaths());
        for (String path : all) {
            Response answer = timed(path);
            assertEquals(503, answer.statusCode(), path + " under " + fault + ": " + answer.asString());
            assertTrue(answer.contentType().startsWith(Problem.MEDIA_TYPE), path);
            assertFalse(answer.jsonPath().getString("detail").isBlank());
            assertTrue(Integer.parseInt(answer.header("Retry-After")) > 0, path);
        }
        healAndRecover();
    }

    @Test
    void postgresRestartingWithRequestsInFlightAnswersEveryOneWithinTheDeadline() {
        proxies.database().delayMillis(300);
        List<CompletableFuture<Integer>> inFlight = new ArrayList<>();
        List<String> all = new ArrayList<>(rowPaths());
        all.addAll(temporalPaths());
        for (int i = 0; i < 12; i++) {
            String path = all.get(i % all.size());
            inFlight.add(CompletableFuture.supplyAsync(() -> timed(path).statusCode()));
        }
        // Requests are on the wire: the server goes away, stays away a moment, and comes back.
        proxies.database().mode(Mode.DOWN);
        CompletableFuture.runAsync(
                        () -> {}, CompletableFuture.delayedExecutor(1500, java.util.concurrent.TimeUnit.MILLISECONDS))
                .thenRun(() -> proxies.database().heal())
                .join();
        List<Integer> statuses = inFlight.stream().map(CompletableFuture::join).toList();
        assertTrue(statuses.stream().allMatch(status -> status == 200 || status == 503), statuses.toString());
        healAndRecover();
    }

    /** Authentication by API key reads PostgreSQL: under a fault it fails closed with a 503 in time, not a 401 and not a hang. */
    @ParameterizedTest
    @EnumSource(
            names = {"DELAY", "RESET", "BLACKHOLE", "CUT", "DOWN"},
            value = Fault.class)
    void anApiKeyRequestUnderAPostgresFaultIsA503WithinTheDeadline(Fault fault) {
        keysCreated();
        fault(proxies.database(), fault.name());
        for (String path : rowPaths()) {
            assertServiceUnavailable(
                    timed(
                            "API key " + path + " under " + fault,
                            request -> request.auth().oauth2(apiKey).when().get(path)),
                    "API key " + path + " under " + fault);
        }
        healAndRecover();
        given().auth()
                .oauth2(apiKey)
                .when()
                .get("/api/v1/executions/{id}", id)
                .then()
                .statusCode(200);
    }

    @ParameterizedTest
    @EnumSource(
            names = {"DELAY", "RESET", "BLACKHOLE", "CUT", "DOWN"},
            value = Fault.class)
    void managingApiKeysUnderAPostgresFaultIsA503WithinTheDeadline(Fault fault) {
        keysCreated();
        String admin = TestTokens.adminOf(org);
        fault(proxies.database(), fault.name());
        assertServiceUnavailable(
                timed(
                        "revoke under " + fault,
                        request -> request.auth().oauth2(admin).when().delete("/api/v1/api-keys/{id}", revocableKeyId)),
                "revoke under " + fault);
        assertServiceUnavailable(
                timed(
                        "list under " + fault,
                        request -> request.auth().oauth2(admin).when().get("/api/v1/api-keys")),
                "list under " + fault);
        assertServiceUnavailable(
                timed(
                        "create under " + fault,
                        request -> request.auth()
                                .oauth2(admin)
                                .contentType(ContentType.JSON)
                                .body(Map.of("name", "during " + fault))
                                .when()
                                .post("/api/v1/api-keys")),
                "create under " + fault);
        healAndRecover();
        given().auth().oauth2(admin).when().get("/api/v1/api-keys").then().statusCode(200);
    }

    /**
     * A key PostgreSQL said it does not know is remembered for a while: repeating it costs no query,
     * which shows as 401s while the database is down, where a key not yet seen gets the outage's 503.
     */
    @Test
    void anUnknownApiKeyCostsOneQueryThenIsAnsweredFromMemory() {
        String unknown = ApiKeys.PREFIX + "unknown-" + UUID.randomUUID();
        given().auth().oauth2(unknown).when().get("/api/v1/executions").then().statusCode(401);
        proxies.database().mode(Mode.DOWN);
        for (int i = 0; i < 5; i++) {
            Response again = timed(
                    "a remembered unknown key",
                    request -> request.auth().oauth2(unknown).when().get("/api/v1/executions"));
            assertEquals(
                    401,
                    again.statusCode(),
                    "repeat " + i + " of an unknown key while the database is down: " + again.asString());
            assertTrue(again.contentType().startsWith(Problem.MEDIA_TYPE));
        }
        String neverSeen = ApiKeys.PREFIX + "unknown-" + UUID.randomUUID();
        assertServiceUnavailable(
                timed(
                        "a key not seen before",
                        request -> request.auth().oauth2(neverSeen).when().get("/api/v1/executions")),
                "a key not seen before, database down");
        healAndRecover();
    }

    /** How a link breaks. */
    enum Fault {
        DELAY,
        RESET,
        BLACKHOLE,
        CUT,
        DOWN
    }
}
