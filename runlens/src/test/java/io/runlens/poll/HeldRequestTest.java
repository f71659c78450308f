package io.runlens.poll;

import static io.restassured.RestAssured.given;
import static io.runlens.support.HeldPolls.held;
import static io.runlens.support.HeldPolls.settledTag;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.runlens.stream.PollSlots;
import io.runlens.stream.RowChanges;
import io.runlens.stream.RunWatches;
import io.runlens.support.ExecutionRows;
import io.runlens.support.PacedRun;
import io.runlens.support.SseClient;
import io.runlens.support.TemporalTestService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.Waits;
import io.runlens.support.temporal.TraceWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Blocking conditional GET over real HTTP, against the in-process Temporal server and PostgreSQL: a
 * request with If-None-Match and Prefer: wait=N is held until a new history event or a row update
 * changes its answer, or until N seconds pass (304); closed executions and stale ETags are answered
 * at once; the caps give 503 with Retry-After; a client that goes away frees its slot.
 */
@QuarkusTest
@QuarkusTestResource(value = TemporalTestService.class, restrictToAnnotatedClass = true)
class HeldRequestTest {

    /** Generous for a loaded two-core machine; the measured wake-up is printed and documented. */
    private static final long PROMPT_MS = 3_000;

    @InjectTemporal
    WorkflowClient temporal;

    private final ExecutionRows rows;
    private final DataSource dataSource;
    private final PollSlots slots;
    private final RunWatches watches;
    private final RowChanges changes;

    HeldRequestTest(
            ExecutionRows rows, DataSource dataSource, PollSlots slots, RunWatches watches, RowChanges changes) {
        this.changes = changes;
        this.rows = rows;
        this.dataSource = dataSource;
        this.slots = slots;
        this.watches = watches;
    }

    @Test
    void aHeldDetailsRequestAnswersSoonAfterANewHistoryEvent() throws Exception {
        String org = "org-" + UUID.randomUUID();
        PacedRun run = PacedRun.start(temporal, rows, org);
        String token = TestTokens.forOrganization(org);
        for (String path : List.of(
                "/api/v1/executions/" + run.id() + "/details", "/api/v1/workflows/wf-def/executions/" + run.id())) {
            String etag = settledTag(token, path);
            CompletableFuture<HttpResponse<String>> held = held(token, path, etag, "Prefer", "wait=30");
            Waits.await().atMost(Duration.ofSeconds(10)).until(() -> slots.open() == 1 && watches.watched() == 1);
            long signalled = System.nanoTime();
            run.stub().step(1);
            HttpResponse<String> answer = held.get(20, TimeUnit.SECONDS);
            long tookMs = (System.nanoTime() - signalled) / 1_000_000;
            System.out.printf("held %s answered %d ms after the signal%n", path, tookMs);
            assertEquals(200, answer.statusCode(), answer.body());
            assertNotEquals(etag, answer.headers().firstValue("ETag").orElseThrow(), "the answer changed");
            assertEquals(
                    "wait=30", answer.headers().firstValue("Preference-Applied").orElse(null));
            assertTrue(tookMs < PROMPT_MS, "answered " + tookMs + " ms after the signal");
            Waits.await().atMost(Duration.ofSeconds(5)).until(() -> slots.open() == 0);
        }
        run.stub().finish();
    }

    @Test
    void aHeldRequestAnswersSoonAfterTheRowIsUpdated() throws Exception {
        String org = "org-" + UUID.randomUUID();
        PacedRun run = PacedRun.start(temporal, rows, org);
        String token = TestTokens.forOrganization(org);
        String path = "/api/v1/executions/" + run.id();
        String etag = settledTag(token, path);
        // More than runlens.poll.max-wait (60 s), and more than a long holds: cut to the cap.
        CompletableFuture<HttpResponse<String>> held =
                held(token, path + "?wait=99999999999999999999", etag, null, null);
        Waits.await().atMost(Duration.ofSeconds(10)).until(() -> slots.open() == 1);
        long updated = System.nanoTime();
        update("update execution set assigned_to_worker = 'worker-7' where id = ?", run.id());
        HttpResponse<String> answer = held.get(20, TimeUnit.SECONDS);
        long tookMs = (System.nanoTime() - updated) / 1_000_000;
        System.out.printf("held row answered %d ms after the update%n", tookMs);
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"assigned_to_worker\":\"worker-7\""), answer.body());
        assertEquals(
                "wait=60", answer.headers().firstValue("Preference-Applied").orElse(null));
        // Shorter than runlens.poll.reread-interval (5 s): the notification woke it, not the re-read timer.
        assertTrue(tookMs < PROMPT_MS, "answered " + tookMs + " ms after the update");

        String details = path + "/details";
        String detailsTag = settledTag(token, details);
        held = held(token, details, detailsTag, "Prefer", "respond-async, wait=30; x=1");
        Waits.await().atMost(Duration.ofSeconds(10)).until(() -> slots.open() == 1);
        update("update execution set status = 'failed', error = 'stopped by the test' where id = ?", run.id());
        answer = held.get(20, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"execution_status\":\"failed\""), answer.body());
        run.stub().finish();
    }

    @Test
    void nothingChangingAnswers304AfterTheWait() throws Exception {
        String org = "org-" + UUID.randomUUID();
        PacedRun run = PacedRun.start(temporal, rows, org);
        String token = TestTokens.forOrganization(org);
        String path = "/api/v1/executions/" + run.id() + "/details";
        String etag = settledTag(token, path);
        long start = System.nanoTime();
        HttpResponse<String> answer =
                held(token, path, etag, "Prefer", "wait=2").get(20, TimeUnit.SECONDS);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(304, answer.statusCode());
        assertEquals(etag, answer.headers().firstValue("ETag").orElseThrow());
        assertEquals("wait=2", answer.headers().firstValue("Preference-Applied").orElse(null));
        assertTrue(tookMs >= 2_000, "held for the wait: " + tookMs + " ms");
        Waits.await().atMost(Duration.ofSeconds(5)).until(() -> slots.open() == 0);
        run.stub().finish();
    }

    @Test
    void closedExecutionsAndStaleTagsAreAnsweredAtOnce() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String token = TestTokens.forOrganization(org);
        String workflowId = "done-" + UUID.randomUUID();
        TraceWorkflows.Paced done = PacedRun.stub(temporal, workflowId);
        WorkflowClient.start(done::run);
        done.finish();
        WorkflowStub.fromTyped(done).getResult(10, TimeUnit.SECONDS, Integer.class);
        String runId = WorkflowStub.fromTyped(done).getExecution().getRunId();
        UUID id = rows.insert(
                org, Map.of("temporal_workflow_id", workflowId, "temporal_run_id", runId, "status", "completed"));
        for (String path : List.of("/api/v1/executions/" + id, "/api/v1/executions/" + id + "/details")) {
            String etag = settledTag(token, path);
            long start = System.nanoTime();
            HttpResponse<String> closed =
                    held(token, path, etag, "Prefer", "wait=30").get(20, TimeUnit.SECONDS);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(304, closed.statusCode());
            assertTrue(closed.headers().firstValue("Preference-Applied").isEmpty(), "a closed run is not held");
            assertTrue(tookMs < PROMPT_MS, "a closed run's answer comes at once: " + tookMs + " ms");

            HttpResponse<String> stale =
                    held(token, path, "\"stale\"", "Prefer", "wait=30").get(20, TimeUnit.SECONDS);
            assertEquals(200, stale.statusCode());
            assertEquals(etag, stale.headers().firstValue("ETag").orElseThrow());
        }
    }

    @Test
    void ifNoneMatchStarIsAnsweredAtOnce() throws Exception {
        String org = "org-" + UUID.randomUUID();
        UUID id = rows.insert(org, Map.of("status", "running"));
        HttpResponse<String> answer = held(
                        TestTokens.forOrganization(org), "/api/v1/executions/" + id, "*", "Prefer", "wait=30")
                .get(5, TimeUnit.SECONDS);
        assertEquals(304, answer.statusCode());
        assertTrue(answer.headers().firstValue("Preference-Applied").isEmpty(), "nothing could end such a wait");
    }

    @Test
    void aBadWaitIsA400WithDetail() {
        String org = "org-" + UUID.randomUUID();
        UUID id = rows.insert(org, Map.of("status", "running"));
        String token = TestTokens.forOrganization(org);
        String path = "/api/v1/executions/" + id;
        for (String wait : List.of("soon", "-1", "1.5", "")) {
            given().auth()
                    .oauth2(token)
                    .header("If-None-Match", "\"x\"")
                    .header("Prefer", "wait=" + wait)
                    .when()
                    .get(path)
                    .then()
                    .statusCode(400)
                    .body("detail", containsString("wait must be a whole number of seconds"));
        }
        given().auth()
                .oauth2(token)
                .queryParam("wait", "ten")
                .when()
                .get(path + "/details")
                .then()
                .statusCode(400)
                .body("detail", containsString("was 'ten'"));
    }

    @Test
    void heldRequestsAreCappedPerOrganizationAndInstance() throws Exception {
        // Test caps: 3 per organization, 6 on the instance.
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        List<String> orgs = List.of("org-" + UUID.randomUUID(), "org-" + UUID.randomUUID(), "org-" + UUID.randomUUID());
        List<UUID> ids = new ArrayList<>();
        for (String org : orgs) {
            ids.add(rows.insert(org, Map.of("status", "running")));
        }
        for (int i = 0; i < 3; i++) {
            held.add(holdRow(orgs.get(0), ids.get(0)));
        }
        Waits.await().atMost(Duration.ofSeconds(10)).until(() -> slots.open() == 3);
        HttpResponse<String> refused = holdRow(orgs.get(0), ids.get(0)).get(10, TimeUnit.SECONDS);
        assertEquals(503, refused.statusCode());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        assertTrue(refused.body().contains("your organization has too many requests held"), refused.body());

        for (int i = 0; i < 3; i++) {
            held.add(holdRow(orgs.get(1), ids.get(1)));
        }
        Waits.await().atMost(Duration.ofSeconds(10)).until(() -> slots.open() == 6);
        refused = holdRow(orgs.get(2), ids.get(2)).get(10, TimeUnit.SECONDS);
        assertEquals(503, refused.statusCode());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        assertTrue(refused.body().contains("too many requests are held on this instance"), refused.body());

        update("update execution set retry_count = 1 where id = ?", ids.get(0));
        update("update execution set retry_count = 1 where id = ?", ids.get(1));
        for (CompletableFuture<HttpResponse<String>> request : held) {
            assertEquals(200, request.get(20, TimeUnit.SECONDS).statusCode());
        }
        Waits.await().atMost(Duration.ofSeconds(5)).until(() -> slots.open() == 0);
    }

    @Test
    void aClientThatGoesAwayFreesItsSlot() throws Exception {
        String org = "org-" + UUID.randomUUID();
        UUID id = rows.insert(org, Map.of("status", "running"));
        String token = TestTokens.forOrganization(org);
        String path = "/api/v1/executions/" + id;
        String etag = settledTag(token, path);
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + "?wait=30 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                            + "\r\nIf-None-Match: " + etag + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Waits.await().atMost(Duration.ofSeconds(10)).until(() -> slots.open() == 1);
            InputStream in = socket.getInputStream();
            assertEquals(0, in.available(), "nothing is answered while the request is held");
        }
        Waits.await().atMost(Duration.ofSeconds(5)).until(() -> slots.open() == 0);
    }

    @Test
    void anOpenStreamSendsTheRowWhenThePlatformChangesIt() throws Exception {
        String org = "org-" + UUID.randomUUID();
        PacedRun run = PacedRun.start(temporal, rows, org);
        settledTag(TestTokens.forOrganization(org), "/api/v1/executions/" + run.id() + "/details");
        try (SseClient stream = SseClient.open(
                URI.create("http://localhost:" + RestAssured.port + "/api/v1/executions/" + run.id() + "/stream"),
                Map.of("Authorization", "Bearer " + TestTokens.forOrganization(org)))) {
            // The history as it stands: started, and the first workflow task.
            stream.until(event -> "4".equals(event.id()), Duration.ofSeconds(10));
            long updated = System.nanoTime();
            update("update execution set assigned_to_worker = 'worker-9' where id = ?", run.id());
            SseClient.Event row = stream.until(event -> event.name().equals("execution"), Duration.ofSeconds(10))
                    .get(0);
            long tookMs = (System.nanoTime() - updated) / 1_000_000;
            System.out.printf("stream sent the row %d ms after the update%n", tookMs);
            assertEquals("execution", row.name(), "the row change is the next event");
            assertNull(row.id(), "a row change has no event id: Last-Event-ID stays a Temporal event id");
            assertTrue(row.data().contains("\"assigned_to_worker\":\"worker-9\""), row.data());
            assertTrue(row.data().contains("\"id\":\"" + run.id() + "\""), row.data());
            assertTrue(tookMs < PROMPT_MS, "sent " + tookMs + " ms after the update");

            run.stub().step(2);
            List<SseClient.Event> more = stream.until(event -> event.name().equals("timeline"), Duration.ofSeconds(10));
            assertTrue(more.stream().noneMatch(event -> event.name().equals("execution")), "no change, no row");
            run.stub().finish();
            stream.until(event -> event.name().equals("end"), Duration.ofSeconds(10));
            assertTrue(stream.endsWithin(Duration.ofSeconds(5)), "the stream completes after end, row feed included");
        }
    }

    @Test
    void theListenerReconnectsWhenItsConnectionIsCutAndNotificationsWakeAgain() throws Exception {
        Waits.await().atMost(Duration.ofSeconds(10)).until(changes::pushed);
        int listener = changes.listenerProcessId().orElseThrow();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement kill = connection.prepareStatement("select pg_terminate_backend(?)")) {
            kill.setInt(1, listener);
            kill.execute();
        }
        Waits.await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> changes.pushed() && changes.listenerProcessId().orElse(listener) != listener);

        String org = "org-" + UUID.randomUUID();
        UUID id = rows.insert(org, Map.of("status", "running"));
        String token = TestTokens.forOrganization(org);
        String path = "/api/v1/executions/" + id;
        CompletableFuture<HttpResponse<String>> held = held(token, path, settledTag(token, path), "Prefer", "wait=30");
        Waits.await().atMost(Duration.ofSeconds(10)).until(() -> slots.open() == 1);
        long updated = System.nanoTime();
        update("update execution set status = 'completed' where id = ?", id);
        HttpResponse<String> answer = held.get(20, TimeUnit.SECONDS);
        long tookMs = (System.nanoTime() - updated) / 1_000_000;
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(tookMs < PROMPT_MS, "the new connection's notification woke it: " + tookMs + " ms");
    }

    private CompletableFuture<HttpResponse<String>> holdRow(String org, UUID id) {
        String path = "/api/v1/executions/" + id;
        String token = TestTokens.forOrganization(org);
        return held(token, path, settledTag(token, path), "Prefer", "wait=30");
    }

    private void update(String sql, UUID id) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(sql)) {
            update.setObject(1, id);
            assertEquals(1, update.executeUpdate());
        }
    }
}
