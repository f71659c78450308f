package io.runlens.faults;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runlens.api.Problem;
import io.runlens.support.ExecutionRows;
import io.runlens.support.Management;
import io.runlens.support.SilentTemporal;
import io.runlens.support.TestTokens;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Temporal that accepts connections and never answers: details still answer from the row within
 * the Temporal deadline (1 s here), marked as partial.
 */
@QuarkusTest
@QuarkusTestResource(value = SilentTemporal.class, restrictToAnnotatedClass = true)
class TemporalDownTest {

    private final ExecutionRows rows;

    TemporalDownTest(ExecutionRows rows) {
        this.rows = rows;
    }

    @Test
    void detailsAnswerFromTheRowWithinTheDeadlineAndSayWhy() {
        String org = "org-" + UUID.randomUUID();
        UUID id = rows.insert(
                org,
                Map.of(
                        "temporal_workflow_id",
                        "hung-" + UUID.randomUUID(),
                        "status",
                        "running",
                        "task_queue",
                        "agents",
                        "workflow_type",
                        "Agent"));

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
                .statusCode(200)
                .time(lessThan(4000L))
                .body("execution_id", equalTo(id.toString()))
                .body("execution_status", equalTo("running"))
                .body("status", equalTo("UNKNOWN"))
                .body("task_queue", equalTo("agents"))
                .body("sources.database", equalTo("ok"))
                .body("sources.temporal", equalTo("unavailable"))
                .body("sources.temporal_detail", equalTo("Temporal did not answer within PT1S"));
        Management.given()
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("runlens_temporal_missing_total{cause=\"unavailable\"}"));
    }

    @Test
    void aStreamIsRefusedWithServiceUnavailableBeforeItStarts() {
        String org = "org-" + UUID.randomUUID();
        UUID id = rows.insert(org, Map.of("temporal_workflow_id", "hung-" + UUID.randomUUID(), "status", "running"));

        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .accept("text/event-stream")
                .when()
                .get("/api/v1/executions/{id}/stream", id)
                .then()
                .statusCode(503)
                .time(lessThan(9000L))
                .contentType(Problem.MEDIA_TYPE)
                .header("Retry-After", equalTo("5"))
                .body("detail", startsWith("Temporal is unavailable: Temporal did not answer within"));
    }

    @Test
    void theRowEndpointDoesNotDependOnTemporal() {
        String org = "org-" + UUID.randomUUID();
        UUID id = rows.insert(org, Map.of());
        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/executions/{id}", id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id.toString()));
    }

    @Test
    void theServiceIsNotReadyWhileTemporalIsDown() {
        Management.given()
                .when()
                .get("/q/health/ready")
                .then()
                .statusCode(503)
                .time(lessThan(6000L))
                .body("checks.find { it.name == 'Temporal frontend' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Temporal frontend' }.data.reachable", equalTo(false))
                .body(
                        "checks.find { it.name == 'Reactive PostgreSQL connections health check' }.status",
                        equalTo("UP"));
        Management.given().when().get("/q/health/live").then().statusCode(200);
    }
}
