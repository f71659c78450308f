package io.runlens.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.runlens.api.Problem;
import io.runlens.support.TestTokens;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * When the token verification key cannot be loaded (a wrong {@code mp.jwt.verify.publickey.location},
 * a JWKS endpoint that is down), a bearer token can be neither accepted nor refused: the answer is a
 * 503 that says so, with Retry-After, never a 401 that blames the caller's token, and never a 503 that
 * blames PostgreSQL (the key's read failure is an IOException, which once passed for a lost database
 * connection and sent operators to the wrong system).
 */
@QuarkusTest
@TestProfile(JwtKeyUnavailableTest.MissingKey.class)
class JwtKeyUnavailableTest {

    public static class MissingKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.publickey.location", "/nonexistent/runlens-public-key.pem");
        }
    }

    @Test
    void aTokenThatCannotBeVerifiedIsA503ThatNamesTheKey() {
        String token = TestTokens.forOrganization("org-" + UUID.randomUUID());
        given().auth()
                .oauth2(token)
                .when()
                .get("/api/v1/executions")
                .then()
                .statusCode(503)
                .contentType(Problem.MEDIA_TYPE)
                .header("Retry-After", String.valueOf(io.runlens.faults.BackendUnavailableException.RETRY_SOON_SECONDS))
                .body("detail", containsString("verification key"))
                .body("detail", not(containsString("execution store")));
    }
}
