package io.runlens.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.runlens.api.Problem;
import io.runlens.support.ExecutionRows;
import io.runlens.support.LogCapture;
import io.runlens.support.TestTokens;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;
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
                Arguments.of("valid token with its signature cut off", (Function<String, String>)
                        org -> TestTokens.forOrganization(org).replaceAll("\\.[^.]+$", ".")),
                Arguments.of(
                        "valid token with a tampered claim", (Function<String, String>) AuthenticationTest::tampered),
                Arguments.of("alg None (other case)", (Function<String, String>) org ->
                        TestTokens.unsigned(org).replaceFirst("^[^.]+", base64("{\"alg\":\"None\",\"typ\":\"JWT\"}"))),
                Arguments.of("HS256 with the RSA public key (PEM text) as secret", (Function<String, String>)
                        org -> TestTokens.hmacWithPublicKey(org, true)),
                Arguments.of("HS256 with the RSA public key (DER bytes) as secret", (Function<String, String>)
                        org -> TestTokens.hmacWithPublicKey(org, false)),
                Arguments.of("no exp", (Function<String, String>) org -> claims(org, c -> c.remove("exp"))),
                Arguments.of("exp as a string", (Function<String, String>) org -> claims(
                        org,
                        c -> c.put(
                                "exp",
                                String.valueOf(Instant.now().plusSeconds(3600).getEpochSecond())))),
                Arguments.of("no iss", (Function<String, String>) org -> claims(org, c -> c.remove("iss"))),
                Arguments.of("iat an hour ahead", (Function<String, String>) org -> claims(
                        org, c -> c.put("iat", Instant.now().plusSeconds(3600).getEpochSecond()))),
                Arguments.of("iat ahead by more than the clock skew", (Function<String, String>) org -> claims(
                        org, c -> c.put("iat", Instant.now().plusSeconds(120).getEpochSecond()))),
                Arguments.of("nbf an hour ahead", (Function<String, String>) org -> claims(
                        org, c -> c.put("nbf", Instant.now().plusSeconds(3600).getEpochSecond()))),
                Arguments.of("exp a minute and a half ago", (Function<String, String>) org -> claims(
                        org, c -> c.put("exp", Instant.now().minusSeconds(90).getEpochSecond()))));
    }

    /** A token signed by the trusted key with valid claims changed by {@code change}. */
    private static String claims(String org, Consumer<Map<String, Object>> change) {
        Map<String, Object> claims = TestTokens.validClaims(org);
        change.accept(claims);
        return TestTokens.signed(claims);
    }

    private static String base64(String json) {
        return java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void theCraftedTokensAreValidOnceTheFlawIsRemoved() {
        // Without this, a rejected crafted token could be rejected for a mistake of the test's own.
        String org = "org-" + UUID.randomUUID();
        UUID id = rows.insert(org, Map.of());
        given().header("Authorization", "Bearer " + TestTokens.signed(TestTokens.validClaims(org)))
                .when()
                .get("/api/v1/executions/{id}", id)
                .then()
                .statusCode(200);
        given().header(
                        "Authorization",
                        "Bearer "
                                + claims(
                                        org,
                                        c -> c.put(
                                                "iat",
                                                Instant.now().plusSeconds(20).getEpochSecond())))
                .when()
                .get("/api/v1/executions/{id}", id)
                .then()
                .statusCode(200);
        given().header(
                        "Authorization",
                        "Bearer "
                                + claims(
                                        org,
                                        c -> c.put(
                                                "nbf",
                                                Instant.now().minusSeconds(5).getEpochSecond())))
                .when()
                .get("/api/v1/executions/{id}", id)
                .then()
                .statusCode(200);
        // The key-confusion tokens do verify as HMAC under the public key's bytes: a verifier that let the
        // token pick the algorithm would accept them.
        for (boolean pemText : new boolean[] {true, false}) {
            JsonWebSignature jws = new JsonWebSignature();
            try {
                jws.setCompactSerialization(TestTokens.hmacWithPublicKey(org, pemText));
                jws.setKey(new HmacKey(TestTokens.publicKeyBytes(pemText)));
                jws.setDoKeyValidation(false);
                assertTrue(jws.verifySignature());
            } catch (JoseException e) {
                throw new AssertionError(e);
            }
        }
    }

    @ParameterizedTest(name = "{0} in the Authorization header")
    @MethodSource("badTokens")
    void aBadBearerTokenIsUnauthorized(String kind, Function<String, String> token) {
        String org = "org-" + UUID.randomUUID();
        UUID id = rows.insert(org, Map.of());
        String bad = token.apply(org);
        String body = given().header("Authorization", "Bearer " + bad)
                .when()
                .get("/api/v1/executions/{id}", id)
                .then()
                .statusCode(401)
                .contentType(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"))
                .body(
                        "detail",
                        equalTo(
                                "the bearer token is invalid, expired, revoked, or not signed by the configured issuer"))
                .extract()
                .asString();
        assertNoPartOf(bad, body);
    }

    /** No part of {@code token} shows in {@code text}. */
    static void assertNoPartOf(String token, String text) {
        assertFalse(LogCapture.shows(text, token), "the answer echoes the token: " + text);
    }

    @ParameterizedTest(name = "{0} in the polos_auth cookie")
    @MethodSource("badTokens")
    void aBadCookieTokenIsUnauthorized(String kind, Function<String, String> token) {
        String org = "org-" + UUID.randomUUID();
        UUID id = rows.insert(org, Map.of());
        String bad = token.apply(org);
        String body = given().cookie("polos_auth", bad)
                .when()
                .get("/api/v1/executions/{id}", id)
                .then()
                .statusCode(401)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", not(emptyOrNullString()))
                .extract()
                .asString();
        assertNoPartOf(bad, body);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noCredentials")
    void missingCredentialsAreUnauthorizedOnEveryEndpoint(String path) {
        given().when()
                .get(path)
                .then()
                .statusCode(401)
                .contentType(Problem.MEDIA_TYPE)
                .body(
                        "detail",
                        equalTo("this endpoint needs a bearer token (Authorization header or polos_auth cookie)"));
    }

    static Stream<String> noCredentials() {
        return Stream.of(
                "/api/v1/executions", "/api/v1/executions/" + UUID.randomUUID(), "/api/v1/executions/some-workflow");
    }

    @ParameterizedTest(name = "Authorization: {0}")
    @MethodSource("malformedHeaders")
    void malformedAuthorizationHeadersAreUnauthorized(String header) {
        given().header("Authorization", header)
                .when()
                .get("/api/v1/executions")
                .then()
                .statusCode(401)
                .contentType(Problem.MEDIA_TYPE);
    }

    static Stream<String> malformedHeaders() {
        return Stream.of("Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer x.y.z", "Token abc");
    }

    // Changes org_id in the signed claims without re-signing: the signature no longer matches.
    private static String tampered(String org) {
        String[] parts = TestTokens.forOrganization("someone-else").split("\\.");
        String claims = new String(
                        java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                .replace("someone-else", org);
        return parts[0] + "."
                + java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + parts[2];
    }
}
