package io.runlens.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

import io.quarkus.test.junit.QuarkusTest;
import io.runlens.support.ExecutionRows;
import io.runlens.support.TestTokens;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad credential is a 401 problem, on the header and on the cookie alike. */
@QuarkusTest
class AuthenticationTest {

    private final ExecutionRows rows;

    AuthenticationTest(ExecutionRows rows) {
        this.rows = rows;
    }

    static Stream<Arguments> badTokens() {
        return Stream.of(
                Arguments.of("expired", (Function<String, String>) TestTokens::expired),
                Arguments.of("signed by an untrusted key", (Function<String, String>) TestTokens::signedByOtherKey),
                Arguments.of("wrong issuer", (Function<String, String>) TestTokens::wrongIssuer),
                Arguments.of("alg none", (Function<String, String>) TestTokens::unsigned),
                Arguments.of("not a JWT", (Function<String, String>) org -> "not-a-jwt"),
                Arguments.of("valid token with its signature cut off",
                        (Function<String, String>) org -> TestTokens.forOrganization(org).replaceAll("\\.[^.]+$", ".")),
                Arguments.of("valid token with a tampered claim", (Function<String, String>) AuthenticationTest::tampered));
    }

    @ParameterizedTest(name = "{0} in the Authorization header")
    @MethodSource("badTokens")
    void aBadBearerTokenIsUnauthorized(String kind, Function<String, String> token) {
        String org = "org-" + UUID.randomUUID();
        UUID id = rows.insert(org, Map.of());
        given().header("Authorization", "Bearer " + token.apply(org))
                .when().get("/api/v1/executions/{id}", id)
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("status", equalTo(401)).body("title", equalTo("Unauthorized"))
                .body("detail", equalTo("the bearer token is invalid, expired, revoked, or not signed by the configured issuer"));
    }

    @ParameterizedTest(name = "{0} in the polos_auth cookie")
    @MethodSource("badTokens")
    void aBadCookieTokenIsUnauthorized(String kind, Function<String, String> token) {
        String org = "org-" + UUID.randomUUID();
        UUID id = rows.insert(org, Map.of());
        given().cookie("polos_auth", token.apply(org))
                .when().get("/api/v1/executions/{id}", id)
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE).body("detail", not(emptyOrNullString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noCredentials")
    void missingCredentialsAreUnauthorizedOnEveryEndpoint(String path) {
        given().when().get(path)
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE)
                .body("detail", equalTo("this endpoint needs a bearer token (Authorization header or polos_auth cookie)"));
    }

    static Stream<String> noCredentials() {
        return Stream.of("/api/v1/executions", "/api/v1/executions/" + UUID.randomUUID(), "/api/v1/executions/some-workflow");
    }

    @ParameterizedTest(name = "Authorization: {0}")
    @MethodSource("malformedHeaders")
    void malformedAuthorizationHeadersAreUnauthorized(String header) {
        given().header("Authorization", header)
                .when().get("/api/v1/executions")
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE);
    }

    static Stream<String> malformedHeaders() {
        return Stream.of("Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer x.y.z", "Token abc");
    }

    // Changes org_id in the signed claims without re-signing: the signature no longer matches.
    private static String tampered(String org) {
        String[] parts = TestTokens.forOrganization("someone-else").split("\\.");
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                .replace("someone-else", org);
        return parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
    }
}
