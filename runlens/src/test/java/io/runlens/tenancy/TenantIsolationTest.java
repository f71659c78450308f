package io.runlens.tenancy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.runlens.api.RequestIds;
import io.runlens.execution.ExecutionFilter;
import io.runlens.execution.ExecutionStatus;
import io.runlens.execution.PageCursor;
import io.runlens.support.ExecutionRows;
import io.runlens.support.SseClient;
import io.runlens.support.TemporalTestService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.temporal.ChainWorkflows;
import io.runlens.support.temporal.TraceWorkflows;
import io.runlens.support.temporal.TraceWorkflows.Order;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Organization B, with a user token and with an API key, tries every read endpoint and every way of
 * naming organization A's executions (UUID, Temporal workflow id, Temporal run id, list filters,
 * cursors made from A's rows), after A has read its own executions (so the closed-run cache holds
 * them). B must get none of A's data, and B's answer for A's existing id must be the very answer it
 * gets for an id that exists nowhere: status, body (with the asked id put back to a placeholder, since
 * some details quote it) and every header but Date and X-Request-Id, ETag and Cache-Control included.
 * Timing is not compared: on a shared machine it proves nothing either way.
 *
 * <p>The 403 that {@code runlens.api.foreign-execution=forbidden} answers instead (seed 000 documents
 * it) is {@link ForeignExecutionForbiddenTest}'s.
 */
@QuarkusTest
@QuarkusTestResource(value = TemporalTestService.class, restrictToAnnotatedClass = true)
class TenantIsolationTest {

    @InjectTemporal
    WorkflowClient temporal;

    @TestHTTPResource("/")
    URI base;

    private final ExecutionRows rows;

    TenantIsolationTest(ExecutionRows rows) {
        this.rows = rows;
    }

    /** A's execution: its row, its closed Temporal run, and the secret its input carries. */
    record Owned(
            String org,
            UUID id,
            String definition,
            String workflowId,
            String runId,
            String secret,
            Instant createdAt) {}

    /** A caller of organization B: how it authenticates, and its credential as sent. */
    record Caller(String kind, String org, Function<String, Response> get, String credential) {}

    private String runCharge(String workflowId, String orderId) {
        TraceWorkflows.RetryingCharge charge = temporal.newWorkflowStub(
                TraceWorkflows.RetryingCharge.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
        charge.run(new Order(orderId, 2, List.of("isolation")));
        return WorkflowStub.fromTyped(charge).getExecution().getRunId();
    }

    private Owned ownedExecution(String org, String definition, Instant createdAt) {
        String secret = "secret-of-" + org;
        String workflowId = "charge-" + UUID.randomUUID();
        String runId = runCharge(workflowId, secret);
        UUID id = rows.insert(
                org,
                Map.of(
                        "workflow_id",
                        definition,
                        "temporal_workflow_id",
                        workflowId,
                        "temporal_run_id",
                        runId,
                        "status",
                        "completed",
                        "created_at",
                        createdAt,
                        "payload",
                        new ExecutionRows.Json("{\"customer\": \"" + secret + "\"}")));
        return new Owned(org, id, definition, workflowId, runId, secret, createdAt);
    }

    private static String key(String org) {
        return given().auth()
                .oauth2(TestTokens.adminOf(org))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "robot"))
                .when()
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
    }

    private static List<Caller> callersOf(String org) {
        String jwt = TestTokens.forOrganization(org);
        String apiKey = key(org);
        return List.of(
                new Caller(
                        "user token",
                        org,
                        path -> given().auth()
                                .oauth2(jwt)
                                .urlEncodingEnabled(false)
                                .get(path),
                        jwt),
                new Caller(
                        "API key",
                        org,
                        path -> given().auth()
                                .oauth2(apiKey)
                                .urlEncodingEnabled(false)
                                .get(path),
                        apiKey));
    }

    /** An answer as compared: status, the headers that can differ by content, the body with the asked id replaced. */
    record Answer(int status, Map<String, List<String>> headers, String body) {
        static Answer of(Response response, String askedId) {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            response.headers().asList().stream()
                    .filter(h -> !h.getName().equalsIgnoreCase("Date")
                            && !h.getName().equalsIgnoreCase(RequestIds.HEADER))
                    .forEach(h -> headers.computeIfAbsent(h.getName(), name -> new ArrayList<>())
                            .add(h.getValue()));
            String body = response.asString();
            return new Answer(
                    response.statusCode(), headers, askedId == null ? body : body.replace(askedId, "{asked}"));
        }
    }

    /** Checks one probe: B's answer names nothing of A, and is the answer for an id that exists nowhere. */
    private static void probe(
            List<String> failures,
            Caller caller,
            String what,
            String forA,
            String askedA,
            String nowhere,
            String askedNowhere,
            Owned a) {
        Answer theirs = Answer.of(caller.get().apply(forA), askedA);
        Answer none = Answer.of(caller.get().apply(nowhere), askedNowhere);
        String label = caller.kind() + ", " + what;
        if (!theirs.equals(none)) {
            failures.add(label + ": A's id answers " + theirs + " but an unknown id answers " + none);
        }
        for (String fact : List.of(a.id().toString(), a.workflowId(), a.runId(), a.secret(), a.org())) {
            if (theirs.body().contains(fact) || theirs.headers().toString().contains(fact)) {
                failures.add(label + ": the answer shows A's " + fact + ": " + theirs);
            }
        }
    }

    @Test
    void bNeverSeesAsExecutionsByAnyNameOnAnyEndpoint() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String shared = "invoice-sync-" + UUID.randomUUID();
        String orgA = "org-a-" + UUID.randomUUID();
        String orgB = "org-b-" + UUID.randomUUID();
        // B's rows before and after A's, under the same definition name: cursors and filters have something to pick.
        UUID olderOfB = rows.insert(
                orgB, Map.of("workflow_id", shared, "status", "completed", "created_at", now.minusSeconds(20)));
        Owned a = ownedExecution(orgA, shared, now.minusSeconds(10));
        UUID newerOfB = rows.insert(orgB, Map.of("workflow_id", shared, "status", "completed", "created_at", now));

        // A reads its own execution everywhere, twice: the closed-run cache and its per-organization hints are warm.
        String tokenA = TestTokens.forOrganization(orgA);
        for (int i = 0; i < 2; i++) {
            for (String path : List.of(
                    "/api/v1/executions/" + a.id() + "/details",
                    "/api/v1/executions/" + a.workflowId() + "/details",
                    "/api/v1/workflows/" + shared + "/executions/" + a.runId(),
                    "/api/v1/executions/" + a.id())) {
                given().auth().oauth2(tokenA).when().get(path).then().statusCode(200);
            }
        }
        assertEquals(
                a.runId(),
                given().auth()
                        .oauth2(tokenA)
                        .when()
                        .get("/api/v1/executions/" + a.workflowId() + "/details")
                        .then()
                        .extract()
                        .path("run_id"));

        String unknownUuid = UUID.randomUUID().toString();
        String unknownWorkflowId = "charge-" + UUID.randomUUID();
        String unknownRunId = UUID.randomUUID().toString();
        String unknownDefinition = "invoice-sync-" + UUID.randomUUID();
        List<String> failures = new ArrayList<>();
        for (Caller b : callersOf(orgB)) {
            // Every way to name A's execution, on each endpoint that takes an execution.
            Map<String, String[]> names = Map.of(
                    "UUID", new String[] {a.id().toString(), unknownUuid},
                    "workflow id", new String[] {a.workflowId(), unknownWorkflowId},
                    "run id", new String[] {a.runId(), unknownRunId});
            names.forEach((kind, pair) -> {
                probe(
                        failures,
                        b,
                        "GET execution by " + kind,
                        "/api/v1/executions/" + pair[0],
                        pair[0],
                        "/api/v1/executions/" + pair[1],
                        pair[1],
                        a);
                probe(
                        failures,
                        b,
                        "details by " + kind,
                        "/api/v1/executions/" + pair[0] + "/details",
                        pair[0],
                        "/api/v1/executions/" + pair[1] + "/details",
                        pair[1],
                        a);
                probe(
                        failures,
                        b,
                        "details by " + kind + " with A's run_id",
                        "/api/v1/executions/" + pair[0] + "/details?run_id=" + a.runId(),
                        pair[0],
                        "/api/v1/executions/" + pair[1] + "/details?run_id=" + a.runId(),
                        pair[1],
                        a);
                probe(
                        failures,
                        b,
                        "steps of A's definition by " + kind,
                        "/api/v1/workflows/" + shared + "/executions/" + pair[0],
                        pair[0],
                        "/api/v1/workflows/" + shared + "/executions/" + pair[1],
                        pair[1],
                        a);
            });
            // A's run id against B's own execution: B's execution has no such run, as with any unknown run id.
            probe(
                    failures,
                    b,
                    "B's own details with A's run_id",
                    "/api/v1/executions/" + newerOfB + "/details?run_id=" + a.runId(),
                    a.runId(),
                    "/api/v1/executions/" + newerOfB + "/details?run_id=" + unknownRunId,
                    unknownRunId,
                    a);
            // Lists: A's definition name is B's too, so B sees exactly its own rows there.
            for (String path : List.of(
                    "/api/v1/workflows/" + shared + "/executions",
                    "/api/v1/executions?workflow_id=" + shared,
                    "/api/v1/executions?status=completed",
                    "/api/v1/executions")) {
                JsonPath page =
                        b.get().apply(path).then().statusCode(200).extract().jsonPath();
                if (!page.getList("items.id").equals(List.of(newerOfB.toString(), olderOfB.toString()))) {
                    failures.add(b.kind() + ", " + path + " lists " + page.getList("items.id"));
                }
            }
            // Cursors made from A's row position B in its own list, exactly as a made-up position does.
            ExecutionFilter ofShared = new ExecutionFilter(Optional.empty(), Optional.of(shared));
            for (Map.Entry<String, ExecutionFilter> list : Map.of(
                            "/api/v1/executions?limit=5&cursor=",
                            ExecutionFilter.none(),
                            "/api/v1/workflows/" + shared + "/executions?cursor=",
                            ofShared,
                            "/api/v1/executions?status=completed&cursor=",
                            new ExecutionFilter(Optional.of(ExecutionStatus.COMPLETED), Optional.empty()),
                            "/api/v1/executions?workflow_id=" + shared + "&cursor=",
                            ofShared)
                    .entrySet()) {
                String fromA =
                        new PageCursor(a.createdAt(), a.id(), list.getValue().fingerprint()).encode();
                String madeUp = new PageCursor(
                                a.createdAt(),
                                UUID.randomUUID(),
                                list.getValue().fingerprint())
                        .encode();
                String path = list.getKey();
                probe(failures, b, "list " + path + " A's cursor", path + fromA, fromA, path + madeUp, madeUp, a);
                List<String> listed =
                        b.get().apply(path + fromA).then().extract().jsonPath().getList("items.id");
                if (!listed.equals(List.of(olderOfB.toString()))) {
                    failures.add(b.kind() + ", " + path + " with A's cursor lists " + listed);
                }
            }
            // Lists that B has nothing in answer alike, whoever has rows there.
            probe(
                    failures,
                    b,
                    "list of A's definition under another name",
                    "/api/v1/executions?workflow_id=" + shared + "&status=failed",
                    null,
                    "/api/v1/executions?workflow_id=" + unknownDefinition + "&status=failed",
                    null,
                    a);
            probe(
                    failures,
                    b,
                    "steps under an unknown definition",
                    "/api/v1/workflows/" + unknownDefinition + "/executions/" + a.id(),
                    a.id().toString(),
                    "/api/v1/workflows/" + unknownDefinition + "/executions/" + unknownUuid,
                    unknownUuid,
                    a);
        }
        assertEquals(List.of(), failures);

        // And A still sees all of it.
        given().auth()
                .oauth2(tokenA)
                .when()
                .get("/api/v1/executions/" + a.id() + "/details")
                .then()
                .statusCode(200)
                .body("run_id", equalTo(a.runId()));
    }

    @Test
    void bCannotListNorRevokeAsApiKeys() {
        String orgA = "org-a-" + UUID.randomUUID();
        String orgB = "org-b-" + UUID.randomUUID();
        String keyA = key(orgA);
        String keyIdA = given().auth()
                .oauth2(TestTokens.adminOf(orgA))
                .when()
                .get("/api/v1/api-keys")
                .then()
                .statusCode(200)
                .extract()
                .path("[0].id");
        UUID executionOfA = rows.insert(orgA, Map.of());
        String keyB = key(orgB);
        String adminB = TestTokens.adminOf(orgB);

        List<String> listedForB = given().auth()
                .oauth2(adminB)
                .when()
                .get("/api/v1/api-keys")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id");
        assertEquals(1, listedForB.size());
        assertFalse(listedForB.contains(keyIdA));

        String unknown = UUID.randomUUID().toString();
        for (String credential : List.of(adminB, keyB)) {
            Answer theirs =
                    Answer.of(given().auth().oauth2(credential).when().delete("/api/v1/api-keys/" + keyIdA), keyIdA);
            Answer none =
                    Answer.of(given().auth().oauth2(credential).when().delete("/api/v1/api-keys/" + unknown), unknown);
            assertEquals(none, theirs);
            assertTrue(theirs.status() == 404 || theirs.status() == 403, theirs.toString());
        }
        // A's key was not revoked by any of that.
        given().auth()
                .oauth2(keyA)
                .when()
                .get("/api/v1/executions/" + executionOfA)
                .then()
                .statusCode(200);
        Object revokedAt = given().auth()
                .oauth2(TestTokens.adminOf(orgA))
                .when()
                .get("/api/v1/api-keys")
                .then()
                .statusCode(200)
                .extract()
                .path("[0].revoked_at");
        assertEquals(null, revokedAt);
    }

    /**
     * Temporal workflow ids are unique per namespace only while a run is open: once it closes, anyone
     * may start the id again. When B's closed run and then A's run shared one workflow id in one
     * namespace, B's details followed "the latest run of the workflow id" straight into A's run.
     */
    @Test
    void aWorkflowIdReusedByAnotherOrganizationNeverShowsTheirRun() {
        String orgA = "org-a-" + UUID.randomUUID();
        String orgB = "org-b-" + UUID.randomUUID();
        String workflowId = "nightly-invoice-" + UUID.randomUUID();
        String runOfB = runCharge(workflowId, "order-of-" + orgB);
        UUID idOfB = rows.insert(
                orgB,
                Map.of(
                        "workflow_id",
                        "invoices",
                        "temporal_workflow_id",
                        workflowId,
                        "temporal_run_id",
                        runOfB,
                        "status",
                        "completed"));
        String runOfA = runCharge(workflowId, "secret-of-" + orgA);
        assertNotEquals(runOfA, runOfB);
        UUID idOfA = rows.insert(
                orgA,
                Map.of(
                        "workflow_id",
                        "invoices",
                        "temporal_workflow_id",
                        workflowId,
                        "temporal_run_id",
                        runOfA,
                        "status",
                        "completed"));

        // A reads first: its run is cached, and its id hints at it.
        String tokenA = TestTokens.forOrganization(orgA);
        for (String path :
                List.of("/api/v1/executions/" + idOfA + "/details", "/api/v1/executions/" + workflowId + "/details")) {
            given().auth()
                    .oauth2(tokenA)
                    .when()
                    .get(path)
                    .then()
                    .statusCode(200)
                    .body("run_id", equalTo(runOfA));
        }

        for (Caller b : callersOf(orgB)) {
            for (String path : List.of(
                    "/api/v1/executions/" + idOfB + "/details", "/api/v1/executions/" + workflowId + "/details")) {
                for (int i = 0; i < 2; i++) {
                    Response answer = b.get().apply(path);
                    assertEquals(200, answer.statusCode(), answer.asString());
                    String body = answer.asString();
                    assertEquals(runOfB, answer.jsonPath().getString("run_id"), b.kind() + " " + path);
                    assertFalse(body.contains(runOfA), b.kind() + " " + path + " shows A's run: " + body);
                    assertFalse(
                            body.contains("secret-of-" + orgA), b.kind() + " " + path + " shows A's input: " + body);
                    assertTrue(body.contains("order-of-" + orgB), "B's own input is shown: " + body);
                }
            }
            Response steps = b.get().apply("/api/v1/workflows/invoices/executions/" + idOfB);
            assertEquals(200, steps.statusCode());
            assertFalse(steps.asString().contains("secret-of-" + orgA), steps.asString());
            // A's run id named as a run of B's execution: the same answer as a run id that exists nowhere.
            String unknownRunId = UUID.randomUUID().toString();
            Answer theirs =
                    Answer.of(b.get().apply("/api/v1/executions/" + idOfB + "/details?run_id=" + runOfA), runOfA);
            Answer none = Answer.of(
                    b.get().apply("/api/v1/executions/" + idOfB + "/details?run_id=" + unknownRunId), unknownRunId);
            assertEquals(none, theirs);
            assertEquals(404, theirs.status());
            Answer stepsTheirs = Answer.of(b.get().apply("/api/v1/workflows/invoices/executions/" + runOfA), runOfA);
            Answer stepsNone =
                    Answer.of(b.get().apply("/api/v1/workflows/invoices/executions/" + unknownRunId), unknownRunId);
            assertEquals(stepsNone, stepsTheirs);
        }
        // A still follows its own workflow id to its own run.
        given().auth()
                .oauth2(tokenA)
                .when()
                .get("/api/v1/executions/" + idOfA + "/details")
                .then()
                .statusCode(200)
                .body("run_id", equalTo(runOfA));
    }

    /**
     * The same, when B's execution continued as new: its chain is listed from B's own runs, and the
     * reused id's newest run (A's) is neither shown nor listed in {@code runs[]}.
     */
    @Test
    void aReusedWorkflowIdKeepsAnotherOrganizationsRunOutOfTheChain() {
        String orgA = "org-a-" + UUID.randomUUID();
        String orgB = "org-b-" + UUID.randomUUID();
        String workflowId = "countdown-" + UUID.randomUUID();
        ChainWorkflows.Countdown countdown = temporal.newWorkflowStub(
                ChainWorkflows.Countdown.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
        String firstOfB = WorkflowClient.start(countdown::run, 3).getRunId();
        assertEquals("lift-off", temporal.newUntypedWorkflowStub(workflowId).getResult(String.class));
        UUID idOfB = rows.insert(
                orgB, Map.of("temporal_workflow_id", workflowId, "temporal_run_id", firstOfB, "status", "completed"));
        // Before the id is reused, B's details follow B's chain to its latest run.
        String latestOfB = given().auth()
                .oauth2(TestTokens.forOrganization(orgB))
                .when()
                .get("/api/v1/executions/" + idOfB + "/details")
                .then()
                .statusCode(200)
                .extract()
                .path("run_id");
        assertNotEquals(firstOfB, latestOfB);

        String runOfA = runCharge(workflowId, "secret-of-" + orgA);
        rows.insert(orgA, Map.of("temporal_workflow_id", workflowId, "temporal_run_id", runOfA, "status", "completed"));
        given().auth()
                .oauth2(TestTokens.forOrganization(orgA))
                .when()
                .get("/api/v1/executions/" + workflowId + "/details")
                .then()
                .statusCode(200)
                .body("run_id", equalTo(runOfA));

        for (Caller b : callersOf(orgB)) {
            Response answer = b.get().apply("/api/v1/executions/" + idOfB + "/details");
            assertEquals(200, answer.statusCode(), answer.asString());
            assertFalse(answer.asString().contains(runOfA), b.kind() + " sees A's run: " + answer.asString());
            assertFalse(answer.asString().contains("secret-of-" + orgA), answer.asString());
            assertEquals(latestOfB, answer.jsonPath().getString("run_id"), "the latest run of B's own chain");
            List<String> listed = answer.jsonPath().getList("runs.run_id");
            assertEquals(3, listed.size(), listed.toString());
            assertTrue(
                    listed.contains(firstOfB) && listed.contains(latestOfB) && !listed.contains(runOfA),
                    listed.toString());
            for (String path : List.of(
                    "/api/v1/workflows/wf-def/executions/" + idOfB,
                    "/api/v1/workflows/wf-def/executions/" + latestOfB)) {
                Response steps = b.get().apply(path);
                assertEquals(200, steps.statusCode(), path + ": " + steps.asString());
                assertEquals(latestOfB, steps.jsonPath().getString("run_id"), path);
            }
            assertStreamsOnly(b, idOfB.toString(), latestOfB, "", List.of(runOfA, "secret-of-" + orgA));
        }
    }

    /**
     * Opens {@code caller}'s stream of {@code id} (with {@code headers}, e.g. Last-Event-ID) and reads it to
     * its end: its run is {@code runId} from the first event to the last, and no event names any of
     * {@code foreign}.
     */
    private void assertStreamsOnly(
            Caller caller, String id, String runId, String query, List<String> foreign, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Authorization", "Bearer " + caller.credential());
        try (SseClient stream = SseClient.open(base.resolve("/api/v1/executions/" + id + "/stream" + query), all)) {
            assertEquals(200, stream.status(), caller.kind() + ": " + stream.errorBody());
            List<SseClient.Event> events = stream.until(event -> event.name().equals("end"), Duration.ofSeconds(20));
            assertEquals("status", events.get(0).name());
            assertEquals(
                    runId,
                    JsonPath.from(events.get(0).data()).getString("run_id"),
                    caller.kind() + " streams " + events.get(0));
            assertEquals(
                    runId, JsonPath.from(events.get(events.size() - 1).data()).getString("run_id"));
            for (SseClient.Event event : events) {
                for (String fact : foreign) {
                    assertFalse(
                            event.data().contains(fact),
                            caller.kind() + " streams another organization's " + fact + ": " + event);
                }
            }
        }
    }

    private void assertStreamsOnly(Caller caller, String id, String runId, String query, List<String> foreign) {
        assertStreamsOnly(caller, id, runId, query, foreign, Map.of());
    }

    /**
     * The live stream follows the same rule as details: B's stream of its own execution, whose workflow id
     * A started again in the same namespace, shows B's run and nothing of A's, whether A's run has closed
     * or is still running (its signals included), without run_id, with A's run as run_id (the answer for a
     * run that exists nowhere), and when resuming with Last-Event-ID.
     */
    @Test
    void aReusedWorkflowIdNeverStreamsAnotherOrganizationsRunClosedOrRunning() {
        String orgA = "org-a-" + UUID.randomUUID();
        String orgB = "org-b-" + UUID.randomUUID();
        String workflowId = "reused-" + UUID.randomUUID();
        String runOfB = runCharge(workflowId, "order-of-" + orgB);
        UUID idOfB = rows.insert(
                orgB,
                Map.of(
                        "workflow_id",
                        "invoices",
                        "temporal_workflow_id",
                        workflowId,
                        "temporal_run_id",
                        runOfB,
                        "status",
                        "completed"));
        String closedOfA = runCharge(workflowId, "secret-of-" + orgA);
        rows.insert(
                orgA,
                Map.of(
                        "workflow_id",
                        "invoices",
                        "temporal_workflow_id",
                        workflowId,
                        "temporal_run_id",
                        closedOfA,
                        "status",
                        "completed"));
        List<Caller> callers = callersOf(orgB);
        String unknownRunId = UUID.randomUUID().toString();

        for (String state : List.of("closed", "running")) {
            String runOfA = closedOfA;
            List<String> foreign = new ArrayList<>(List.of(closedOfA, "secret-of-" + orgA));
            TraceWorkflows.Paced live = null;
            if (state.equals("running")) {
                live = temporal.newWorkflowStub(
                        TraceWorkflows.Paced.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(TraceWorkflows.QUEUE)
                                .setWorkflowId(workflowId)
                                .build());
                runOfA = WorkflowClient.start(live::run).getRunId();
                rows.insert(
                        orgA,
                        Map.of(
                                "workflow_id",
                                "invoices",
                                "temporal_workflow_id",
                                workflowId,
                                "temporal_run_id",
                                runOfA,
                                "status",
                                "running"));
                // A's run is live and its history grows: none of it may reach B.
                live.step(8675309);
                foreign.add(runOfA);
                foreign.add("8675309");
            }
            for (Caller b : callers) {
                String label = state + ", " + b.kind();
                for (String id : List.of(idOfB.toString(), workflowId)) {
                    assertStreamsOnly(b, id, runOfB, "", foreign);
                    Response details = b.get().apply("/api/v1/executions/" + id + "/details");
                    assertEquals(runOfB, details.jsonPath().getString("run_id"), label);
                    foreign.forEach(
                            fact -> assertFalse(details.asString().contains(fact), label + ": " + details.asString()));
                }
                assertStreamsOnly(b, idOfB.toString(), runOfB, "", foreign, Map.of("Last-Event-ID", "3"));
                assertStreamsOnly(b, idOfB.toString(), runOfB, "?last_event_id=2", foreign);
                Response steps = b.get().apply("/api/v1/workflows/invoices/executions/" + idOfB);
                assertEquals(runOfB, steps.jsonPath().getString("run_id"), label);
                foreign.forEach(fact -> assertFalse(steps.asString().contains(fact), label + ": " + steps.asString()));
                // A's run named as a run of B's execution, on every endpoint that takes a run: as a run that exists
                // nowhere.
                for (String path : List.of(
                        "/api/v1/executions/" + idOfB + "/stream?run_id=",
                        "/api/v1/executions/" + idOfB + "/details?run_id=",
                        "/api/v1/workflows/invoices/executions/")) {
                    Answer theirs = Answer.of(b.get().apply(path + runOfA), runOfA);
                    Answer none = Answer.of(b.get().apply(path + unknownRunId), unknownRunId);
                    assertEquals(none, theirs, label + ", " + path);
                    assertEquals(404, theirs.status(), label + ", " + path);
                }
            }
            if (live != null) {
                live.finish();
                WorkflowStub.fromTyped(live).getResult(Integer.class);
            }
        }
    }
}
