package io.runlens.stream;

import static io.restassured.RestAssured.given;
import static io.runlens.support.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.runlens.support.DelayedBackends;
import io.runlens.support.DelayedBackends.Proxies;
import io.runlens.support.ExecutionRows;
import io.runlens.support.FaultProxy;
import io.runlens.support.SseClient;
import io.runlens.support.SseClient.Event;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.temporal.TraceWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stream opened with an API key while PostgreSQL goes away: the key cannot be re-checked, the
 * first failed re-check is forgiven, and the stream ends as unverified (not as revoked) at the second.
 */
@QuarkusTest
@TestProfile(StreamCredentialOutageTest.QuickRechecks.class)
@QuarkusTestResource(value = DelayedBackends.class, restrictToAnnotatedClass = true)
class StreamCredentialOutageTest {

    public static class QuickRechecks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "runlens.stream.credential-recheck",
                    "1s",
                    "runlens.stream.max-duration",
                    "60s",
                    "runlens.stream.long-poll-timeout",
                    "1s");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectTemporal
    WorkflowClient temporal;

    @InjectTemporal
    Proxies proxies;

    @TestHTTPResource("/")
    URI base;

    private final ExecutionRows rows;

    StreamCredentialOutageTest(ExecutionRows rows) {
        this.rows = rows;
    }

    private static JsonNode data(Event event) {
        try {
            return JSON.readTree(event.data());
        } catch (Exception e) {
            throw new AssertionError(event.toString(), e);
        }
    }

    @AfterEach
    void heal() {
        proxies.heal();
    }

    @Test
    void aKeyThatCannotBeRecheckedEndsTheStreamAsUnverifiedAfterOneForgivenFailure() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "paced-" + UUID.randomUUID();
        WorkflowClient.start(temporal.newWorkflowStub(
                TraceWorkflows.Paced.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .build())::run);
        rows.insert(org, Map.of("temporal_workflow_id", workflowId, "status", "running"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().auth()
                                .oauth2(TestTokens.forOrganization(org))
                                .when()
                                .get("/api/v1/executions")
                                .statusCode()
                        == 200);
        String key = given().auth()
                .oauth2(TestTokens.adminOf(org))
                .contentType("application/json")
                .body(Map.of("name", "dashboard"))
                .when()
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("key");

        try (SseClient client = SseClient.open(
                base.resolve("/api/v1/executions/" + workflowId + "/stream"),
                Map.of("Authorization", "Bearer " + key))) {
            assertEquals(200, client.status(), client.errorBody());
            client.until(
                    event -> event.name().equals("history_event")
                            && data(event).get("event_type").asText().equals("WorkflowTaskCompleted"),
                    WAIT);

            proxies.database().mode(FaultProxy.Mode.DOWN);
            Instant down = Instant.now();
            Event reconnect = client.until(event -> event.name().equals("reconnect"), Duration.ofSeconds(10)).stream()
                    .filter(event -> event.name().equals("reconnect"))
                    .findFirst()
                    .orElseThrow();
            Duration after = Duration.between(down, Instant.now());
            assertEquals("credential_unverified", data(reconnect).get("reason").asText(), "after " + after);
            // Re-checks come every second: a stream ended at the first failure would have ended within one.
            assertTrue(
                    after.compareTo(Duration.ofMillis(1000)) > 0 && after.compareTo(Duration.ofSeconds(6)) < 0,
                    "ended " + after + " after PostgreSQL went away");
            assertTrue(client.endsWithin(WAIT));
        }
    }
}
