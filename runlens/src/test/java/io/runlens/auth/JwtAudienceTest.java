package io.runlens.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.runlens.api.Problem;
import io.runlens.support.TestTokens;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With {@code mp.jwt.verify.audiences} set, a token the same issuer minted for another API (another
 * {@code aud}, or none) is refused. Without it the audience is not looked at:
 * {@link AuthHardeningTest#theAudienceIsNotCheckedUnlessConfigured}.
 */
@QuarkusTest
@TestProfile(JwtAudienceTest.RunlensAudience.class)
class JwtAudienceTest {

    public static class RunlensAudience implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.audiences", "runlens-api");
        }
    }

    static String tokenFor(String org, Object audience) {
        Map<String, Object> claims = TestTokens.validClaims(org);
        if (audience != null) {
            claims.put("aud", audience);
        }
        return TestTokens.signed(claims);
    }

    @Test
    void onlyTokensForRunlensAreAccepted() {
        String org = "org-" + UUID.randomUUID();
        given().auth()
                .oauth2(tokenFor(org, "runlens-api"))
                .when()
                .get("/api/v1/executions")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(tokenFor(org, List.of("billing-api", "runlens-api")))
                .when()
                .get("/api/v1/executions")
                .then()
                .statusCode(200);
        for (String refused : List.of(tokenFor(org, "billing-api"), tokenFor(org, List.of("billing-api")))) {
            given().auth()
                    .oauth2(refused)
                    .when()
                    .get("/api/v1/executions")
                    .then()
                    .statusCode(401)
                    .contentType(Problem.MEDIA_TYPE)
                    .header("WWW-Authenticate", equalTo("Bearer"));
        }
        given().auth()
                .oauth2(tokenFor(org, null))
                .when()
                .get("/api/v1/executions")
                .then()
                .statusCode(401);
    }
}
