package io.runlens.faults;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.runlens.api.Problem;
import io.runlens.support.ExecutionRows;
import io.runlens.support.SilentTemporal;
import io.runlens.support.TestTokens;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With runlens.api.temporal-failure=service-unavailable, a silent Temporal is a 503 with Retry-After. */
@QuarkusTest
@TestProfile(TemporalDownServiceUnavailableTest.Strict.class)
@QuarkusTestResource(value = SilentTemporal.class, restrictToAnnotatedClass = true)
class TemporalDownServiceUnavailableTest {

    public static class Strict implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("runlens.api.temporal-failure", "service-unavailable");
        }
    }

    private final ExecutionRows rows;

    TemporalDownServiceUnavailableTest(ExecutionRows rows) {
        this.rows = rows;
    }

    @Test
    void detailsAreServiceUnavailableWithinTheDeadline() {
        String org = "org-" + UUID.randomUUID();
        UUID id = rows.insert(org, Map.of("temporal_workflow_id", "hung-" + UUID.randomUUID()));

        // Warm the database path first: the bound below is about waiting for Temporal, not a cold start.
        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/executions/{id}", id)
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/executions/{id}/details", id)
                .then()
                .statusCode(503)
                .time(lessThan(4000L))
                .contentType(Problem.MEDIA_TYPE)
                .header("Retry-After", equalTo("5"))
                .body("detail", equalTo("Temporal is unavailable: Temporal did not answer within PT1S"));
    }
}
