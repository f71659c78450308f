package io.runlens.stream;

import static io.restassured.RestAssured.given;
import static io.runlens.support.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.runlens.api.Problem;
import io.runlens.support.ExecutionRows;
import io.runlens.support.SseClient;
import io.runlens.support.SseClient.Event;
import io.runlens.support.TemporalTestService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.temporal.TraceWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The bounds of live streams: a cap on open streams per instance and per organization, a longest
 * duration, keep-alives while a run is quiet, and no stream outliving the credential it was opened with.
 */
@QuarkusTest
@TestProfile(ExecutionStreamLimitsTest.TightLimits.class)
@QuarkusTestResource(value = TemporalTestService.class, restrictToAnnotatedClass = true)
class ExecutionStreamLimitsTest {

    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "runlens.stream.max-concurrent",
                    "3",
                    "runlens.stream.max-concurrent-per-organization",
                    "2",
                    "runlens.stream.max-duration",
                    "8s",
                    "runlens.stream.long-poll-timeout",
                    "1s",
                    "runlens.stream.credential-recheck",
                    "1s",
                    "mp.jwt.verify.clock.skew",
                    "1");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectTemporal
    WorkflowClient temporal;

    @TestHTTPResource("/")
    URI base;

    // A cold application's first row query can miss its 3 s deadline on a loaded machine: that is not what these tests
    // are about.
    @org.junit.jupiter.api.BeforeEach
    void warmTheRowPath() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().auth()
                                .oauth2(TestTokens.forOrganization("warm-up"))
                                .when()
                                .get("/api/v1/executions")
                                .statusCode()
                        == 200);
    }

    private final ExecutionRows rows;
    private final StreamSlots slots;

    ExecutionStreamLimitsTest(ExecutionRows rows, StreamSlots slots) {
        this.rows = rows;
        this.slots = slots;
    }

    private String quietRun(String org) {
        String workflowId = "paced-" + UUID.randomUUID();
        TraceWorkflows.Paced paced = temporal.newWorkflowStub(
                TraceWorkflows.Paced.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
        WorkflowClient.start(paced::run);
        rows.insert(org, Map.of("temporal_workflow_id", workflowId, "status", "running"));
        return workflowId;
    }

    private SseClient stream(String org, String workflowId, Map<String, String> headers) {
        return streamWith(TestTokens.forOrganization(org), workflowId, headers);
    }

    private SseClient streamWith(String credential, String workflowId, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Authorization", "Bearer " + credential);
        return SseClient.open(base.resolve("/api/v1/executions/" + workflowId + "/stream"), all);
    }

    private static void assertRefused(SseClient refused, String detail) throws Exception {
        assertEquals(503, refused.status(), refused.errorBody());
        assertEquals(Problem.MEDIA_TYPE, refused.header("Content-Type"));
        assertEquals("5", refused.header("Retry-After"));
        assertEquals(detail, JSON.readTree(refused.errorBody()).get("detail").asText());
    }

    // Events of the stream up to its reconnect, which must come within {@code within}; keep-alives left out.
    private static List<Event> untilReconnect(SseClient client, Duration within) {
        List<Event> events = new ArrayList<>();
        Instant until = Instant.now().plus(within);
        while (true) {
            Event event = client.next(Duration.between(Instant.now(), until));
            if (!event.name().equals(SseClient.COMMENT)) {
                events.add(event);
            }
            if (event.name().equals("reconnect")) {
                return events;
            }
        }
    }

    private static long lastEventId(List<Event> events) {
        return events.stream()
                .filter(event -> event.id() != null)
                .mapToLong(Event::eventId)
                .max()
                .orElse(0);
    }

    private static JsonNode data(Event event) {
        try {
            return JSON.readTree(event.data());
        } catch (Exception e) {
            throw new AssertionError(event.toString(), e);
        }
    }

    @Test
    void streamsBeyondTheCapAreRefusedWithRetryAfterUntilOneCloses() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String other = "org-" + UUID.randomUUID();
        String late = "org-" + UUID.randomUUID();
        String workflowId = quietRun(org);
        String othersWorkflowId = quietRun(other);
        String latesWorkflowId = quietRun(late);
        await().atMost(WAIT).until(() -> slots.open() == 0);

        try (SseClient first = stream(org, workflowId, Map.of());
                SseClient second = stream(org, workflowId, Map.of());
                SseClient third = stream(other, othersWorkflowId, Map.of())) {
            assertEquals("status", first.next(WAIT).name());
            assertEquals("status", second.next(WAIT).name());
            assertEquals("status", third.next(WAIT).name());

            try (SseClient fourth = stream(late, latesWorkflowId, Map.of())) {
                assertRefused(fourth, "too many live streams are open on this instance; retry shortly");
            }

            first.close();
            await().atMost(WAIT).until(() -> slots.open() == 2);
            try (SseClient fourth = stream(late, latesWorkflowId, Map.of())) {
                assertEquals(200, fourth.status());
                assertEquals("status", fourth.next(WAIT).name());
            }
        }
    }

    @Test
    void oneOrganizationCannotTakeEveryStreamOfTheInstance() throws Exception {
        String greedy = "org-" + UUID.randomUUID();
        String other = "org-" + UUID.randomUUID();
        String workflowId = quietRun(greedy);
        String othersWorkflowId = quietRun(other);
        await().atMost(WAIT).until(() -> slots.open() == 0);

        try (SseClient first = stream(greedy, workflowId, Map.of());
                SseClient second = stream(greedy, workflowId, Map.of())) {
            assertEquals("status", first.next(WAIT).name());
            assertEquals("status", second.next(WAIT).name());

            try (SseClient third = stream(greedy, workflowId, Map.of())) {
                assertRefused(
                        third,
                        "your organization has too many live streams open on this instance; close one or retry shortly");
            }
            // The instance has room, and another organization gets it.
            try (SseClient others = stream(other, othersWorkflowId, Map.of())) {
                assertEquals(200, others.status(), others.errorBody());
                assertEquals("status", others.next(WAIT).name());
            }
            assertEquals(2, slots.openFor(greedy), "a refused stream holds no slot");
        }
        await().atMost(WAIT).until(() -> slots.open() == 0 && slots.openFor(greedy) == 0);
    }

    @Test
    void aStreamEndsWhenItsTokenExpiresAndTellsTheClientToReconnectWithAFreshOne() {
        String org = "org-" + UUID.randomUUID();
        String workflowId = quietRun(org);
        Map<String, Object> claims = TestTokens.validClaims(org);
        long expiry = Instant.now().getEpochSecond() + 3;
        claims.put("exp", expiry);
        String token = TestTokens.signed(claims);
        // The verifier accepts a token up to the clock skew (1 s in this profile) past its exp, and so does the stream.
        Instant refusedFrom = Instant.ofEpochSecond(expiry + 1);

        List<Event> events;
        Instant ended;
        try (SseClient client = streamWith(token, workflowId, Map.of())) {
            assertEquals(200, client.status(), client.errorBody());
            events = untilReconnect(client, Duration.ofSeconds(7));
            ended = Instant.now();
            assertTrue(client.endsWithin(WAIT), "the stream completes after reconnect");
        }
        JsonNode reconnect = data(events.get(events.size() - 1));
        assertEquals("credential_expired", reconnect.get("reason").asText());
        assertEquals(lastEventId(events), reconnect.get("last_event_id").asLong());
        assertTrue(lastEventId(events) >= 4, "started and its first workflow task came first");
        assertTrue(
                !ended.isBefore(refusedFrom.minusMillis(200)) && ended.isBefore(refusedFrom.plusSeconds(3)),
                "ended at " + ended + ", the token is refused from " + refusedFrom);
        // A reconnect with the same token is refused: the client needs a fresh one.
        try (SseClient again = streamWith(
                token,
                workflowId,
                Map.of("Last-Event-ID", reconnect.get("last_event_id").asText()))) {
            assertEquals(401, again.status());
        }
    }

    @Test
    void aStreamOpenedWithAnApiKeyEndsSoonAfterTheKeyIsRevoked() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = quietRun(org);
        var created = given().auth()
                .oauth2(TestTokens.adminOf(org))
                .contentType("application/json")
                .body(Map.of("name", "dashboard"))
                .when()
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String key = created.getString("key");

        try (SseClient client = streamWith(key, workflowId, Map.of())) {
            assertEquals(200, client.status(), client.errorBody());
            List<Event> events = new ArrayList<>(client.until(
                    event -> event.name().equals("history_event")
                            && data(event).get("event_type").asText().equals("WorkflowTaskCompleted"),
                    WAIT));
            // Re-checked every second while live: the stream stays open.
            Instant quietUntil = Instant.now().plusMillis(2500);
            while (Instant.now().isBefore(quietUntil)) {
                Event event = client.next(WAIT);
                assertFalse(event.name().equals("reconnect"), "a live key's stream goes on: " + event);
            }

            given().auth()
                    .oauth2(TestTokens.adminOf(org))
                    .when()
                    .delete("/api/v1/api-keys/{id}", created.getString("id"))
                    .then()
                    .statusCode(204);
            Instant revoked = Instant.now();
            events.addAll(untilReconnect(client, Duration.ofSeconds(4)));
            Duration after = Duration.between(revoked, Instant.now());
            assertTrue(client.endsWithin(WAIT), "the stream completes after reconnect");

            JsonNode reconnect = data(events.get(events.size() - 1));
            assertEquals("credential_revoked", reconnect.get("reason").asText(), "after " + after);
            assertEquals(lastEventId(events), reconnect.get("last_event_id").asLong());
            assertTrue(after.compareTo(Duration.ofSeconds(3)) < 0, "ended " + after + " after the revocation");
        }
        try (SseClient again = streamWith(key, workflowId, Map.of())) {
            assertEquals(401, again.status());
        }
    }

    @Test
    void aQuietRunGetsKeepAlivesAndTheStreamEndsAtItsLongestDurationForTheClientToResume() {
        String org = "org-" + UUID.randomUUID();
        String workflowId = quietRun(org);
        await().atMost(WAIT).until(() -> slots.open() == 0);

        long lastSeen = 0;
        int keepAlives = 0;
        Event reconnect;
        try (SseClient client = stream(org, workflowId, Map.of())) {
            while (true) {
                Event event = client.next(WAIT);
                if (event.name().equals(SseClient.COMMENT)) {
                    assertEquals("keep-alive", event.data());
                    keepAlives++;
                } else if (event.id() != null) {
                    lastSeen = event.eventId();
                } else if (event.name().equals("reconnect")) {
                    reconnect = event;
                    break;
                }
            }
            assertTrue(client.endsWithin(WAIT), "the stream completes after reconnect");
        }
        assertTrue(keepAlives >= 2, "a keep-alive after each quiet long poll of 1 s, got " + keepAlives);
        assertEquals("max_duration", data(reconnect).get("reason").asText());
        assertEquals(lastSeen, data(reconnect).get("last_event_id").asLong());
        assertTrue(lastSeen >= 4, "started and its first workflow task");

        temporal.newWorkflowStub(TraceWorkflows.Paced.class, workflowId).step(5);
        try (SseClient client = stream(org, workflowId, Map.of("Last-Event-ID", Long.toString(lastSeen)))) {
            assertEquals(lastSeen, data(client.next(WAIT)).get("resume_after").asLong());
            List<Event> events = new ArrayList<>(client.until(
                    event -> event.name().equals("timeline")
                            && data(event).get("type").asText().equals("activity_completed"),
                    WAIT));
            assertEquals(lastSeen + 1, events.get(0).eventId(), "the next event, none twice");
        }
    }
}
