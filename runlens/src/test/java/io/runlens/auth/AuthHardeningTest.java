package io.runlens.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.runlens.api.Problem;
import io.runlens.keys.ApiKeys;
import io.runlens.support.ExecutionRows;
import io.runlens.support.LogCapture;
import io.runlens.support.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How credentials travel: one Authorization header or the polos_auth cookie, the header winning; the
 * Bearer scheme as RFC 9110 spells it; oversized headers; no credential ever in an answer or a log;
 * (Transport limits, security headers and CORS: {@link io.runlens.api.HttpHardeningTest}.)
 * What a token must contain is {@link AuthenticationTest}'s subject.
 */
@QuarkusTest
class AuthHardeningTest {

    static final String INVALID =
            "the bearer token is invalid, expired, revoked, or not signed by the configured issuer";

    private final ExecutionRows rows;

    AuthHardeningTest(ExecutionRows rows) {
        this.rows = rows;
    }

    /** An organization with one execution, a user's token and an API key. */
    record Tenant(String org, UUID execution, String jwt, String key) {
        String path() {
            return "/api/v1/executions/" + execution;
        }
    }

    private Tenant tenant() {
        String org = "org-" + UUID.randomUUID();
        UUID id = rows.insert(org, Map.of());
        String key = given().auth()
                .oauth2(TestTokens.adminOf(org))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "robot"))
                .when()
                .post("/api/v1/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
        return new Tenant(org, id, TestTokens.forOrganization(org), key);
    }

    private static void assertUnauthorized(Response answer, String detail, String... secrets) {
        assertEquals(401, answer.statusCode(), answer.asString());
        assertEquals(Problem.MEDIA_TYPE, answer.contentType());
        assertEquals("Bearer", answer.header("WWW-Authenticate"));
        assertEquals(detail, answer.jsonPath().getString("detail"));
        assertEquals(401, answer.jsonPath().getInt("status"));
        for (String secret : secrets) {
            AuthenticationTest.assertNoPartOf(secret, answer.asString());
            AuthenticationTest.assertNoPartOf(secret, answer.headers().toString());
        }
    }

    @Test
    void twoAuthorizationHeadersAreRefusedEvenWhenTheyAgree() {
        Tenant a = tenant();
        Tenant b = tenant();
        List<List<String>> pairs = List.of(
                List.of(a.jwt(), a.jwt()),
                List.of(a.jwt(), b.jwt()),
                List.of(a.key(), b.jwt()),
                List.of(b.jwt(), a.key()),
                List.of(a.key(), a.key()));
        for (List<String> pair : pairs) {
            Response answer = given().header("Authorization", "Bearer " + pair.get(0))
                    .header("Authorization", "Bearer " + pair.get(1))
                    .when()
                    .get(a.path());
            assertUnauthorized(answer, "send one Authorization header, not several", pair.get(0), pair.get(1));
        }
        given().header("Authorization", "Bearer " + a.jwt())
                .header("Authorization", "Basic dXNlcjpwYXNz")
                .when()
                .get(a.path())
                .then()
                .statusCode(401);
    }

    /** RFC 9110 §11.1: the scheme is case-insensitive; RFC 6750 §2.1: one or more spaces before the token. */
    @ParameterizedTest(name = "Authorization: {0}")
    @ValueSource(
            strings = {"Bearer %s", "bearer %s", "BEARER %s", "bEaReR %s", "Bearer  %s", "Bearer   %s", "  Bearer %s  "
            })
    void theBearerSchemeIsReadAsTheRfcsSpellIt(String format) {
        Tenant a = tenant();
        for (String credential : List.of(a.jwt(), a.key())) {
            given().header("Authorization", format.formatted(credential))
                    .when()
                    .get(a.path())
                    .then()
                    .statusCode(200)
                    .body("id", equalTo(a.execution().toString()));
        }
    }

    @ParameterizedTest(name = "Authorization: {0}")
    @ValueSource(
            strings = {
                "Bearer\t%s",
                "Bearer%s",
                "Bearer %s extra",
                "Bearer %s,Bearer %<s",
                "Bearer \"%s\"",
                "%s",
                "Token %s",
                "Bearer %s;",
                "Bearer: %s"
            })
    void anyOtherSpellingIsUnauthorizedAndNotEchoed(String format) {
        Tenant a = tenant();
        for (String credential : List.of(a.jwt(), a.key())) {
            Response answer = given().header("Authorization", format.formatted(credential))
                    .when()
                    .get(a.path());
            assertEquals(401, answer.statusCode(), format);
            assertEquals(Problem.MEDIA_TYPE, answer.contentType());
            AuthenticationTest.assertNoPartOf(credential, answer.asString());
        }
    }

    @Test
    void theAuthorizationHeaderWinsOverTheCookieAndAloneDecides() {
        Tenant a = tenant();
        Tenant b = tenant();
        // Each alone works.
        given().cookie("polos_auth", b.jwt()).when().get(b.path()).then().statusCode(200);
        given().header("Authorization", "Bearer " + a.jwt())
                .when()
                .get(a.path())
                .then()
                .statusCode(200);

        // Both, disagreeing: the header's organization, whatever the cookie says.
        given().header("Authorization", "Bearer " + a.jwt())
                .cookie("polos_auth", b.jwt())
                .when()
                .get(a.path())
                .then()
                .statusCode(200)
                .body("id", equalTo(a.execution().toString()));
        given().header("Authorization", "Bearer " + a.jwt())
                .cookie("polos_auth", b.jwt())
                .when()
                .get(b.path())
                .then()
                .statusCode(404);
        given().header("Authorization", "Bearer " + a.key())
                .cookie("polos_auth", b.jwt())
                .when()
                .get(b.path())
                .then()
                .statusCode(404);
        assertEquals(
                List.of(a.execution().toString()),
                given().header("Authorization", "Bearer " + a.jwt())
                        .cookie("polos_auth", b.jwt())
                        .when()
                        .get("/api/v1/executions")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items.id"));

        // A bad header is not rescued by a good cookie.
        for (String header : List.of(
                "Bearer " + TestTokens.expired(b.org()),
                "Bearer " + ApiKeys.PREFIX + "unknown",
                "Basic dXNlcjpwYXNz",
                "Bearer")) {
            Response answer = given().header("Authorization", header)
                    .cookie("polos_auth", b.jwt())
                    .when()
                    .get(b.path());
            assertEquals(401, answer.statusCode(), header);
            assertEquals(Problem.MEDIA_TYPE, answer.contentType());
        }
    }

    @Test
    void anApiKeyIsNotTakenFromTheCookie() {
        Tenant a = tenant();
        assertUnauthorized(
                given().cookie("polos_auth", a.key()).when().get(a.path()),
                "API keys are accepted only in the Authorization header",
                a.key());
        given().header("Authorization", "Bearer " + a.key())
                .when()
                .get(a.path())
                .then()
                .statusCode(200);
    }

    @Test
    void twoDifferentAuthCookiesAreRefused() {
        Tenant a = tenant();
        Tenant b = tenant();
        Response answer = given().header("Cookie", "polos_auth=" + a.jwt() + "; polos_auth=" + b.jwt())
                .when()
                .get(a.path());
        assertUnauthorized(answer, "send one polos_auth cookie, not several", a.jwt(), b.jwt());
        // The same cookie twice (a browser holding it for two paths) is one credential.
        given().header("Cookie", "polos_auth=" + a.jwt() + "; polos_auth=" + a.jwt())
                .when()
                .get(a.path())
                .then()
                .statusCode(200);
    }

    /** A header line Vert.x still accepts (its limit is 20 KiB for all headers) reaches the verifier. */
    @Test
    void aSixteenKibTokenIsAnUnauthorizedProblem() {
        Tenant a = tenant();
        String huge = a.jwt().substring(0, a.jwt().indexOf('.') + 1) + "A".repeat(16 * 1024) + ".sig";
        assertUnauthorized(
                given().header("Authorization", "Bearer " + huge).when().get(a.path()), INVALID, huge);
        given().cookie("polos_auth", huge)
                .when()
                .get(a.path())
                .then()
                .statusCode(401)
                .contentType(Problem.MEDIA_TYPE);
    }

    /** Loggers of everything that touches credentials, at DEBUG while the test runs. */
    private static final String[] SECURITY_CATEGORIES = {
        "io.quarkus.smallrye.jwt",
        "io.smallrye.jwt",
        "io.quarkus.security",
        "io.quarkus.vertx.http.runtime.security",
        "org.jose4j",
        "io.runlens"
    };

    @Test
    void noTokenOrKeyEverReachesTheLogsEvenAtDebug() {
        Tenant a = tenant();
        String revokedKey = tenant().key();
        List<String> secrets = new ArrayList<>(List.of(
                a.jwt(),
                a.key(),
                revokedKey,
                TestTokens.expired(a.org()),
                TestTokens.unsigned(a.org()),
                TestTokens.signedByOtherKey(a.org()),
                TestTokens.hmacWithPublicKey(a.org(), true),
                ApiKeys.PREFIX + "unknownUnknownUnknownUnknownUnknown",
                "eyJhbGciOiJSUzI1NiJ9.garbage-garbage-garbage.xx"));
        String tampered = a.jwt().substring(0, a.jwt().length() - 6) + "AAAAAA";
        secrets.add(tampered);
        try (LogCapture logs = LogCapture.start(Level.FINEST, SECURITY_CATEGORIES)) {
            for (String secret : secrets) {
                given().header("Authorization", "Bearer " + secret).when().get(a.path());
                given().cookie("polos_auth", secret).when().get(a.path());
                given().header("Authorization", "Bearer " + secret)
                        .when()
                        .get("/api/v1/executions/{id}/details", "x%00y");
                given().header("Authorization", "Bearer " + secret)
                        .header("Authorization", "Bearer " + secret)
                        .when()
                        .get(a.path());
                given().header("Authorization", "bearer  " + secret).when().get("/api/v1/api-keys");
            }
            List<String> lines = logs.lines();
            assertTrue(lines.stream().anyMatch(line -> line.startsWith("DEBUG")), "the capture saw debug logging");
            List<String> echoing = lines.stream()
                    .filter(line -> secrets.stream().anyMatch(secret -> LogCapture.shows(line, secret)))
                    .map(line -> line.substring(0, Math.min(line.length(), 300)))
                    .toList();
            assertEquals(List.of(), echoing, "log lines that show a credential");
        }
    }

    /** Unless mp.jwt.verify.audiences is set (see JwtAudienceTest), a token's aud is not looked at. */
    @Test
    void theAudienceIsNotCheckedUnlessConfigured() {
        String org = "org-" + java.util.UUID.randomUUID();
        for (Object audience : java.util.Arrays.asList("billing-api", null)) {
            given().auth()
                    .oauth2(JwtAudienceTest.tokenFor(org, audience))
                    .when()
                    .get("/api/v1/executions")
                    .then()
                    .statusCode(200);
        }
    }
}
