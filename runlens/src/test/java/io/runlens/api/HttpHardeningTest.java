package io.runlens.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.runlens.support.ExecutionRows;
import io.runlens.support.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the HTTP layer does before and around Runlens' code: oversized headers, no HTTP/2 upgrade on the
 * plain port, security headers on every answer, no CORS unless configured ({@link CorsAndAccessLogTest}
 * configures it).
 */
@QuarkusTest
class HttpHardeningTest {

    private final ExecutionRows rows;

    @TestHTTPResource("/")
    URI base;

    HttpHardeningTest(ExecutionRows rows) {
        this.rows = rows;
    }

    /** An organization's execution and a token to read it. */
    record Fixture(String jwt, String path) {}

    private Fixture fixture() {
        String org = "org-" + UUID.randomUUID();
        return new Fixture(TestTokens.forOrganization(org), "/api/v1/executions/" + rows.insert(org, Map.of()));
    }

    /**
     * Past Vert.x's header limit ({@code quarkus.http.limits.max-header-size}, 20 KiB) the server answers
     * 431 itself, before any Runlens code runs: a clean 4xx, at once, and the server stays healthy. Also
     * for a client that offers the HTTP/2 upgrade (h2c): the upgrade is off, so it gets the same 431;
     * with it on, Vert.x answered 400 and left the connection open, and the client hung.
     */
    @Test
    void aSixtyFourKibTokenIsRefusedWith431AtOnce() throws Exception {
        Fixture a = fixture();
        String huge = "eyJ" + "A".repeat(64 * 1024);
        for (HttpClient.Version version : HttpClient.Version.values()) {
            HttpClient client = HttpClient.newBuilder()
                    .version(version)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            for (String[] header : List.of(
                    new String[] {"Authorization", "Bearer " + huge}, new String[] {"Cookie", "polos_auth=" + huge})) {
                HttpResponse<String> answer = client.send(
                        HttpRequest.newBuilder(base.resolve(a.path().substring(1)))
                                .timeout(Duration.ofSeconds(10))
                                .header(header[0], header[1])
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(431, answer.statusCode(), version + " " + header[0]);
                assertFalse(answer.body().contains(huge.substring(0, 64)), "the answer echoes the header");
            }
        }
        given().header("Authorization", "Bearer " + a.jwt())
                .when()
                .get(a.path())
                .then()
                .statusCode(200);
    }

    @Test
    void theHttp2UpgradeIsNotOffered() throws Exception {
        Fixture a = fixture();
        HttpResponse<String> answer = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .build()
                .send(
                        HttpRequest.newBuilder(base.resolve(a.path().substring(1)))
                                .header("Authorization", "Bearer " + a.jwt())
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        assertEquals(
                HttpClient.Version.HTTP_1_1,
                answer.version(),
                "h2c is off: the upgrade request is answered in HTTP/1.1");
    }

    static Stream<String> everyKindOfAnswer() {
        return Stream.of("200", "304", "400", "401", "403", "404", "404 outside the API", "405", "406");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKindOfAnswer")
    void everyApiAnswerCarriesTheSecurityHeaders(String kind) {
        Fixture a = fixture();
        String path = a.path();
        Response answer = switch (kind) {
            case "200" -> given().auth().oauth2(a.jwt()).when().get(path);
            case "304" ->
                given().auth()
                        .oauth2(a.jwt())
                        .header(
                                "If-None-Match",
                                given().auth().oauth2(a.jwt()).when().get(path).header("ETag"))
                        .when()
                        .get(path);
            case "400" -> given().auth().oauth2(a.jwt()).when().get("/api/v1/executions?limit=0");
            case "401" -> given().when().get(path);
            case "403" -> given().auth().oauth2(a.jwt()).when().get("/api/v1/api-keys");
            case "404" -> given().auth().oauth2(a.jwt()).when().get("/api/v1/executions/" + UUID.randomUUID());
            case "404 outside the API" -> given().when().get("/nothing-here");
            case "405" -> given().auth().oauth2(a.jwt()).when().delete(path);
            case "406" ->
                given().auth().oauth2(a.jwt()).accept("text/html").when().get(path);
            default -> throw new IllegalArgumentException(kind);
        };
        assertEquals(kind.substring(0, 3), String.valueOf(answer.statusCode()), answer.asString());
        assertEquals("nosniff", answer.header("X-Content-Type-Options"));
        assertEquals("DENY", answer.header("X-Frame-Options"));
        assertEquals("no-referrer", answer.header("Referrer-Policy"));
        if (!kind.contains("outside")) {
            assertEquals("default-src 'none'; frame-ancestors 'none'", answer.header("Content-Security-Policy"));
        }
        assertEquals(null, answer.header("Strict-Transport-Security"), "HSTS is the TLS terminator's to send");
    }

    /** Swagger UI runs scripts and styles of its own: the API's CSP would break it, so it is left out there. */
    @Test
    void swaggerUiKeepsWorkingWithoutTheApiPolicy() {
        given().when()
                .get("/q/swagger-ui/")
                .then()
                .statusCode(200)
                .header("Content-Security-Policy", nullValue())
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @Test
    void corsIsOffByDefault() {
        Fixture a = fixture();
        for (String origin : List.of("https://dash.example.com", "https://evil.example", "null")) {
            Response preflight = given().header("Origin", origin)
                    .header("Access-Control-Request-Method", "GET")
                    .header("Access-Control-Request-Headers", "authorization")
                    .when()
                    .options(a.path());
            assertEquals(null, preflight.header("Access-Control-Allow-Origin"), origin);
            assertEquals(null, preflight.header("Access-Control-Allow-Credentials"), origin);
            Response read = given().auth()
                    .oauth2(a.jwt())
                    .header("Origin", origin)
                    .when()
                    .get(a.path());
            assertEquals(200, read.statusCode());
            assertEquals(null, read.header("Access-Control-Allow-Origin"), origin);
        }
    }
}
