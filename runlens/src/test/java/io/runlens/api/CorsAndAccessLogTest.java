package io.runlens.api;

import static io.restassured.RestAssured.given;
import static io.runlens.support.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.runlens.support.ExecutionRows;
import io.runlens.support.LogCapture;
import io.runlens.support.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What an operator switches on for a browser dashboard on another origin, and to see every request:
 * CORS for exactly the listed origin, and the access log with its most talkative pattern ({@code long},
 * every request header), which must still not show credentials. One profile for both: each profile
 * restarts Quarkus.
 */
@QuarkusTest
@TestProfile(CorsAndAccessLogTest.DashboardOrigin.class)
class CorsAndAccessLogTest {

    static final String DASHBOARD = "https://dash.example.com";

    public static class DashboardOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.cors.enabled",
                    "true",
                    "quarkus.http.cors.origins",
                    DASHBOARD,
                    "quarkus.http.access-log.enabled",
                    "true",
                    "quarkus.http.access-log.pattern",
                    "long");
        }
    }

    private final ExecutionRows rows;

    CorsAndAccessLogTest(ExecutionRows rows) {
        this.rows = rows;
    }

    private static Response preflight(String origin, String path) {
        return given().header("Origin", origin)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .when()
                .options(path);
    }

    @Test
    void theListedOriginIsAllowedAndNoOther() {
        String org = "org-" + UUID.randomUUID();
        UUID id = rows.insert(org, Map.of());
        String path = "/api/v1/executions/" + id;

        Response allowed = preflight(DASHBOARD, path);
        assertEquals(200, allowed.statusCode());
        assertEquals(DASHBOARD, allowed.header("Access-Control-Allow-Origin"));
        assertTrue(
                allowed.header("Access-Control-Allow-Methods").contains("GET"),
                allowed.headers().toString());
        assertTrue(allowed.header("Access-Control-Allow-Headers").toLowerCase().contains("authorization"));

        Response read = given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .header("Origin", DASHBOARD)
                .when()
                .get(path);
        assertEquals(200, read.statusCode());
        assertEquals(DASHBOARD, read.header("Access-Control-Allow-Origin"));
        assertEquals("nosniff", read.header("X-Content-Type-Options"));

        for (String other : List.of(
                "https://evil.example",
                "https://dash.example.com.evil.example",
                "http://dash.example.com",
                "https://sub.dash.example.com",
                "null")) {
            Response refused = preflight(other, path);
            assertEquals(null, refused.header("Access-Control-Allow-Origin"), other);
            assertNotEquals(200, refused.statusCode(), other);
            Response foreign = given().auth()
                    .oauth2(TestTokens.forOrganization(org))
                    .header("Origin", other)
                    .when()
                    .get(path);
            assertEquals(null, foreign.header("Access-Control-Allow-Origin"), other);
        }
        // Requests without an Origin (servers, curl) are not CORS requests and are unaffected.
        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get(path)
                .then()
                .statusCode(200);
    }

    @Test
    void theLongAccessLogShowsRequestsButNotTheirCredentials() {
        String org = "org-" + UUID.randomUUID();
        UUID id = rows.insert(org, Map.of());
        String key = given().auth()
                .oauth2(TestTokens.adminOf(org))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "log"))
                .when()
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
        String jwt = TestTokens.forOrganization(org);
        String marker = "access-" + UUID.randomUUID();
        try (LogCapture logs = LogCapture.start()) {
            given().auth()
                    .oauth2(jwt)
                    .header("X-Request-Id", marker)
                    .when()
                    .get("/api/v1/executions/" + id)
                    .then()
                    .statusCode(200);
            given().auth()
                    .oauth2(key)
                    .header("X-Request-Id", marker)
                    .when()
                    .get("/api/v1/executions/" + id)
                    .then()
                    .statusCode(200);
            given().cookie("polos_auth", jwt)
                    .header("X-Request-Id", marker)
                    .when()
                    .get("/api/v1/executions/" + id)
                    .then()
                    .statusCode(200);
            given().auth()
                    .oauth2(TestTokens.expired(org))
                    .header("X-Request-Id", marker)
                    .when()
                    .get("/api/v1/executions/" + id)
                    .then()
                    .statusCode(401);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> logs.lines().stream()
                                    .filter(line -> line.contains("access-log") && line.contains(marker))
                                    .count()
                            >= 4);
            List<String> accessLines = logs.lines().stream()
                    .filter(line -> line.contains("access-log"))
                    .toList();
            assertTrue(
                    accessLines.stream().anyMatch(line -> line.contains("Authorization")),
                    "the long pattern lists the Authorization header (masked): " + accessLines);
            for (String secret : List.of(jwt, key, TestTokens.expired(org))) {
                for (String line : logs.lines()) {
                    assertTrue(!LogCapture.shows(line, secret), "a log line shows a credential: " + line);
                }
            }
        }
    }
}
