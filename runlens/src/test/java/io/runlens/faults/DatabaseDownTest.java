package io.runlens.faults;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.runlens.api.Problem;
import io.runlens.keys.ApiKeys;
import io.runlens.support.LogCapture;
import io.runlens.support.TestTokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** With nothing listening where PostgreSQL should be, requests get a 503 with Retry-After at once. */
@QuarkusTest
@TestProfile(DatabaseDownTest.NoDatabase.class)
class DatabaseDownTest {

    public static class NoDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "runlens.db.port",
                    String.valueOf(closedPort()),
                    "runlens.db.migrate-at-start",
                    "false",
                    "runlens.db.clean-at-start",
                    "false",
                    // Nothing to check with no database: left on, it logs a WARN with a 100-line stack trace.
                    "quarkus.hibernate-orm.database.version-check.enabled",
                    "false");
        }

        // A port that was free a moment ago: connections to it are refused.
        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aLookupIsServiceUnavailableWithRetryAfter() {
        given().auth()
                .oauth2(TestTokens.forOrganization("org-a"))
                .when()
                .get("/api/v1/executions/{id}", UUID.randomUUID())
                .then()
                .statusCode(503)
                .contentType(Problem.MEDIA_TYPE)
                .header("Retry-After", equalTo("5"))
                .body("detail", equalTo("the execution store is unreachable; retry shortly"))
                .body("detail", not(containsString("Exception")));
    }

    @Test
    void aListIsServiceUnavailableWithRetryAfter() {
        given().auth()
                .oauth2(TestTokens.forOrganization("org-a"))
                .when()
                .get("/api/v1/executions")
                .then()
                .statusCode(503)
                .header("Retry-After", equalTo("5"));
    }

    @Test
    void detailsAreServiceUnavailableToo() {
        given().auth()
                .oauth2(TestTokens.forOrganization("org-a"))
                .when()
                .get("/api/v1/executions/{id}/details", "some-workflow")
                .then()
                .statusCode(503)
                .contentType(Problem.MEDIA_TYPE)
                .header("Retry-After", equalTo("5"))
                .body("detail", equalTo("the execution store is unreachable; retry shortly"));
    }

    /**
     * Failing requests that log at WARN (and a key that cannot be checked while the database is away)
     * never put the caller's credential in the log.
     */
    @Test
    void warningsAboutTheOutageNeverShowTheCallersCredential() {
        String jwt = TestTokens.forOrganization("org-a");
        String key = ApiKeys.PREFIX + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        try (LogCapture logs = LogCapture.start()) {
            given().auth()
                    .oauth2(jwt)
                    .when()
                    .get("/api/v1/executions/{id}", UUID.randomUUID())
                    .then()
                    .statusCode(503);
            given().cookie("polos_auth", jwt)
                    .when()
                    .get("/api/v1/executions")
                    .then()
                    .statusCode(503);
            given().auth()
                    .oauth2(jwt)
                    .when()
                    .get("/api/v1/executions/{id}/details", "wf")
                    .then()
                    .statusCode(503);
            // The key's check goes through the database breaker, which the requests above may have opened (then 10 s).
            given().auth()
                    .oauth2(key)
                    .when()
                    .get("/api/v1/executions")
                    .then()
                    .statusCode(503)
                    .contentType(Problem.MEDIA_TYPE)
                    .header("Retry-After", anyOf(equalTo("5"), equalTo("10")));
            assertTrue(logs.countAtLeast(Level.WARNING) >= 4, "the outage is logged: " + logs.lines());
            for (String line : logs.lines()) {
                assertFalse(
                        LogCapture.shows(line, jwt) || line.contains(key), "a log line shows a credential: " + line);
            }
        }
    }

    @Test
    void streamsAreServiceUnavailableBeforeTheyStart() {
        given().auth()
                .oauth2(TestTokens.forOrganization("org-a"))
                .accept("text/event-stream")
                .when()
                .get("/api/v1/executions/{id}/stream", "some-workflow")
                .then()
                .statusCode(503)
                .contentType(Problem.MEDIA_TYPE)
                .header("Retry-After", equalTo("5"))
                .body("detail", equalTo("the execution store is unreachable; retry shortly"));
    }
}
