package io.runlens.tenancy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.runlens.api.Problem;
import io.runlens.support.ExecutionRows;
import io.runlens.support.TestTokens;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With runlens.api.foreign-execution=forbidden, another organization's execution is a 403 (seed 000). */
@QuarkusTest
@TestProfile(ForeignExecutionForbiddenTest.Forbidden.class)
class ForeignExecutionForbiddenTest {

    public static class Forbidden implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("runlens.api.foreign-execution", "forbidden");
        }
    }

    private final ExecutionRows rows;

    ForeignExecutionForbiddenTest(ExecutionRows rows) {
        this.rows = rows;
    }

    @Test
    void anotherOrganizationsExecutionIsForbiddenByIdAndByWorkflowId() {
        String owner = "org-" + UUID.randomUUID();
        UUID id = rows.insert(owner, Map.of("temporal_workflow_id", "payroll-" + UUID.randomUUID()));
        String intruder = TestTokens.forOrganization("org-" + UUID.randomUUID());

        given().auth()
                .oauth2(intruder)
                .when()
                .get("/api/v1/executions/{id}", id)
                .then()
                .statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", equalTo("the execution belongs to another organization"));
        given().auth()
                .oauth2(TestTokens.forOrganization(owner))
                .when()
                .get("/api/v1/executions/{id}", id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id.toString()));
    }

    @Test
    void anUnknownIdIsStillNotFound() {
        given().auth()
                .oauth2(TestTokens.forOrganization("org-" + UUID.randomUUID()))
                .when()
                .get("/api/v1/executions/{id}", UUID.randomUUID())
                .then()
                .statusCode(404)
                .body("detail", equalTo("no execution with this id in the caller's organization"));
    }
}
