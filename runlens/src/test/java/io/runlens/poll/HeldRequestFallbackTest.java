package io.runlens.poll;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.runlens.stream.PollSlots;
import io.runlens.stream.RowChanges;
import io.runlens.support.ExecutionRows;
import io.runlens.support.TestTokens;
import io.runlens.support.Waits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Without notifications (a platform table without the trigger: runlens.poll.notifications=false) a
 * held request still learns of a row change, from the re-read every runlens.poll.reread-interval.
 */
@QuarkusTest
@TestProfile(HeldRequestFallbackTest.WithoutNotifications.class)
class HeldRequestFallbackTest {

    public static class WithoutNotifications implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("runlens.poll.notifications", "false", "runlens.poll.reread-interval", "2s");
        }
    }

    private final ExecutionRows rows;
    private final DataSource dataSource;
    private final PollSlots slots;
    private final RowChanges changes;

    HeldRequestFallbackTest(ExecutionRows rows, DataSource dataSource, PollSlots slots, RowChanges changes) {
        this.rows = rows;
        this.dataSource = dataSource;
        this.slots = slots;
        this.changes = changes;
    }

    @Test
    void theRereadIntervalWakesAHeldRequestWhenNotificationsAreOff() throws Exception {
        assertFalse(changes.pushed(), "nothing listens");
        String org = "org-" + UUID.randomUUID();
        UUID id = rows.insert(org, Map.of("status", "running"));
        String token = TestTokens.forOrganization(org);
        String path = "/api/v1/executions/" + id;
        String etag = given().auth()
                .oauth2(token)
                .when()
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        CompletableFuture<HttpResponse<String>> held = HttpClient.newHttpClient()
                .sendAsync(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                                .header("Authorization", "Bearer " + token)
                                .header("If-None-Match", etag)
                                .header("Prefer", "wait=30")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        Waits.await().atMost(Duration.ofSeconds(10)).until(() -> slots.open() == 1);
        long updated = System.nanoTime();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update =
                        connection.prepareStatement("update execution set status = 'completed' where id = ?")) {
            update.setObject(1, id);
            assertEquals(1, update.executeUpdate());
        }
        HttpResponse<String> answer = held.get(20, TimeUnit.SECONDS);
        long tookMs = (System.nanoTime() - updated) / 1_000_000;
        System.out.printf("held row answered %d ms after the update, by the 2 s re-read%n", tookMs);
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"status\":\"completed\""), answer.body());
        assertTrue(tookMs < 2_000 + 3_000, "within the re-read interval (2 s) and a margin: " + tookMs + " ms");
    }
}
