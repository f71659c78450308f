package io.runlens.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.runlens.support.ContractSchemas;
import io.runlens.support.ExecutionRows;
import io.runlens.support.TestTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * Random path ids, query parameters and headers against every endpoint, generated with jqwik's
 * arbitraries (new values each run; a failure names the input): never a 5xx, never a stack trace,
 * every error a problem with a detail, every 200 valid against the seed schema of its endpoint.
 */
@QuarkusTest
class HostileInputPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TRIES = 150;

    private final ExecutionRows rows;

    HostileInputPropertyTest(ExecutionRows rows) {
        this.rows = rows;
    }

    /** Any code points, including controls, surrogates' neighbours, RTL marks, and very long runs. */
    private static Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMinLength(0).ofMaxLength(40),
                Arbitraries.strings()
                        .withCharRange('\u0000', '\u001f')
                        .ofMinLength(1)
                        .ofMaxLength(5),
                Arbitraries.strings().ascii().ofMinLength(990).ofMaxLength(1100),
                Arbitraries.of(
                        "'; DROP TABLE execution;--",
                        "../../etc/passwd",
                        "%00",
                        "{\"$ne\":null}",
                        "\u202eevil",
                        "null",
                        "-1",
                        "1e309",
                        "9223372036854775808",
                        UUID.randomUUID().toString().toUpperCase()));
    }

    private static String encode(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Checks the invariant on one answer; {@code schema} is the seed component a 200 must match, if any. */
    private static void check(Response response, String what, String document, String component) {
        int status = response.statusCode();
        String body = response.asString();
        assertTrue(status < 500, what + " answered " + status + ": " + body);
        assertFalse(body.contains("Exception") || body.contains("\tat "), what + " leaked internals: " + body);
        if (status >= 400) {
            assertTrue(
                    response.contentType().startsWith(Problem.MEDIA_TYPE),
                    what + " content type " + response.contentType());
            JsonNode problem = readJson(body, what);
            assertEquals(status, problem.path("status").asInt(), what);
            assertFalse(problem.path("detail").asText("").isBlank(), what + " has no detail: " + body);
        } else if (status == 200 && component != null) {
            JsonNode json = readJson(body, what);
            var violations = ContractSchemas.violations(document, component, json);
            assertTrue(violations.isEmpty(), what + ": " + violations);
        }
    }

    private static JsonNode readJson(String body, String what) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(what + " answered with a body that is not JSON: " + body, e);
        }
    }

    @Test
    void randomIdsOnEveryEndpoint() {
        String org = "org-" + UUID.randomUUID();
        rows.insert(org, Map.of("workflow_id", "wf"));
        String token = TestTokens.forOrganization(org);
        List<Function<String, String>> paths = List.of(
                id -> "/api/v1/executions/" + id,
                id -> "/api/v1/executions/" + id + "/details",
                id -> "/api/v1/workflows/" + id + "/executions",
                id -> "/api/v1/workflows/wf/executions/" + id,
                id -> "/api/v1/executions/" + id + "/stream");
        hostileText().sampleStream().limit(TRIES).forEach(raw -> {
            for (Function<String, String> path : paths) {
                String url = path.apply(encode(raw));
                Response response = given().auth()
                        .oauth2(token)
                        .urlEncodingEnabled(false)
                        .when()
                        .get(url);
                check(response, "GET " + url, null, null);
            }
        });
    }

    @Test
    void randomQueryParametersOnTheLists() {
        String org = "org-" + UUID.randomUUID();
        rows.insert(org, Map.of("workflow_id", "wf"));
        String token = TestTokens.forOrganization(org);
        Arbitrary<String> name = Arbitraries.of("limit", "cursor", "status", "workflow_id", "recent_events", "limit[]");
        Combinators.combine(name, hostileText(), name, hostileText())
                .as(Tuple::of)
                .sampleStream()
                .limit(TRIES)
                .forEach(params -> {
                    String query = "?" + params.get1() + "=" + encode(params.get2()) + "&" + params.get3() + "="
                            + encode(params.get4());
                    for (String path : List.of("/api/v1/executions", "/api/v1/workflows/wf/executions")) {
                        Response response = given().auth()
                                .oauth2(token)
                                .urlEncodingEnabled(false)
                                .when()
                                .get(path + query);
                        check(response, "GET " + path + query, null, null);
                    }
                });
    }

    @Test
    void randomResumeIdsAndRunIdsOnAStream() {
        String token = TestTokens.forOrganization("org-" + UUID.randomUUID());
        Arbitrary<String> headerSafe =
                Arbitraries.strings().withCharRange(' ', '~').ofMinLength(0).ofMaxLength(40);
        Arbitrary<String> name = Arbitraries.of("last_event_id", "run_id", "include_payloads");
        Combinators.combine(headerSafe, name, hostileText())
                .as(Tuple::of)
                .sampleStream()
                .limit(TRIES)
                .forEach(input -> {
                    String url = "/api/v1/executions/" + UUID.randomUUID() + "/stream?" + input.get2() + "="
                            + encode(input.get3());
                    Response response = given().auth()
                            .oauth2(token)
                            .header("Last-Event-ID", input.get1())
                            .urlEncodingEnabled(false)
                            .when()
                            .get(url);
                    check(response, "GET " + url + " Last-Event-ID: " + input.get1(), null, null);
                    assertTrue(
                            response.statusCode() == 400 || response.statusCode() == 404,
                            url + " answered " + response.statusCode());
                });
    }

    @Test
    void randomCredentialsAndHeaders() {
        String org = "org-" + UUID.randomUUID();
        UUID id = rows.insert(org, Map.of("workflow_id", "wf"));
        String valid = TestTokens.forOrganization(org);
        Arbitrary<String> headerSafe =
                Arbitraries.strings().withCharRange(' ', '~').ofMinLength(0).ofMaxLength(60);
        Arbitrary<String> authorization = Arbitraries.oneOf(
                Arbitraries.just("Bearer " + valid),
                headerSafe,
                headerSafe.map(s -> "Bearer " + s),
                headerSafe.map(s -> "Bearer " + valid + s),
                headerSafe.map(s -> "Bearer " + s + valid),
                Arbitraries.just("Bearer " + "a".repeat(8000)),
                Arbitraries.just("Basic " + valid));
        Arbitrary<String> accept = Arbitraries.oneOf(
                headerSafe,
                Arbitraries.of(
                        "application/json",
                        "text/html",
                        "application/xml",
                        "*/*",
                        "application/problem+json",
                        "application/json;q=0"));
        Map<String, Integer> validated = new java.util.HashMap<>();
        Combinators.combine(authorization, headerSafe, accept, headerSafe)
                .as(Tuple::of)
                .sampleStream()
                .limit(TRIES)
                .forEach(headers -> {
                    // Every endpoint, each 200 against the seed schema of its endpoint where a seed has one.
                    for (String[] endpoint : new String[][] {
                        {"/api/v1/executions/" + id, "polos-execution.openapi.yaml", "ExecutionResponse"},
                        {
                            "/api/v1/executions/" + id + "/details",
                            "kubiya-execution-details.openapi.yaml",
                            "WorkflowDetailsResponse"
                        },
                        {"/api/v1/executions", null, null},
                        {"/api/v1/workflows/wf/executions", null, null},
                        {"/api/v1/workflows/wf/executions/" + id, null, null}
                    }) {
                        RequestSpecification request = given().header("Authorization", headers.get1())
                                .cookie(
                                        "polos_auth",
                                        headers.get2()
                                                .replace(";", "")
                                                .replace(",", "")
                                                .replace(" ", ""))
                                .header("Accept", headers.get3())
                                .header("If-None-Match", headers.get4());
                        Response response = request.when().get(endpoint[0]);
                        check(response, "GET " + endpoint[0] + " with headers " + headers, endpoint[1], endpoint[2]);
                        if (response.statusCode() == 200) {
                            validated.merge(endpoint[0], 1, Integer::sum);
                        }
                    }
                });
        // The schema checks above must have had 200s to check, on every endpoint.
        assertEquals(5, validated.size(), "endpoints that answered 200 at least once: " + validated);
    }
}
