package io.runlens.faults;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.runlens.support.ExecutionRows;
import io.runlens.support.Management;
import io.runlens.support.TemporalTestService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.temporal.TraceWorkflows;
import io.runlens.support.temporal.TraceWorkflows.Order;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One customer's Temporal frontend down opens that connection's breaker only: a namespace with a frontend
 * of its own ({@code runlens.temporal.namespaces."tenant-down"}, pointed at a closed port) fails until
 * its breaker opens, and then an execution of the default connection, read for the first time (nothing
 * cached), still gets its whole history. With one breaker for every connection it would answer
 * "circuit breaker open" too. Readiness stays up: it is the default connection's, the down namespace is
 * reported in its data.
 */
@QuarkusTest
@TestProfile(TemporalBreakerIsolationTest.OneNamespaceDown.class)
@QuarkusTestResource(value = TemporalTestService.class, restrictToAnnotatedClass = true)
class TemporalBreakerIsolationTest {

    static final String DOWN = "tenant-down";

    public static class OneNamespaceDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "runlens.temporal.namespaces.\"" + DOWN + "\".target",
                    "127.0.0.1:" + closedPort(),
                    "runlens.temporal.rpc-timeout",
                    "1s",
                    "runlens.fault-tolerance.temporal.circuit-breaker.request-volume",
                    "4",
                    // Open for the rest of the test: the default connection is read while it is.
                    "runlens.fault-tolerance.temporal.circuit-breaker.delay",
                    "5m");
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @InjectTemporal
    WorkflowClient temporal;

    private final ExecutionRows rows;

    TemporalBreakerIsolationTest(ExecutionRows rows) {
        this.rows = rows;
    }

    private static JsonPath details(String org, UUID id) {
        return given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/executions/{id}/details", id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void aNamespaceWhoseFrontendIsDownOpensOnlyItsOwnBreaker() {
        String org = "org-" + UUID.randomUUID();
        UUID unreachable = rows.insert(
                org,
                Map.of(
                        "temporal_namespace",
                        DOWN,
                        "temporal_workflow_id",
                        "gone-" + UUID.randomUUID(),
                        "status",
                        "running"));

        String detail = "";
        for (int attempt = 0; attempt < 12 && !detail.contains("circuit breaker open"); attempt++) {
            JsonPath answer = details(org, unreachable);
            assertEquals("unavailable", answer.getString("sources.temporal"), answer.prettify());
            detail = answer.getString("sources.temporal_detail");
        }
        assertTrue(detail.contains("circuit breaker open"), "the down namespace's breaker opened: " + detail);
        assertEquals(
                1.0,
                Management.metric("ft_circuitbreaker_state_current", "method=\"temporal:" + DOWN + "\",state=\"open\""),
                "the down namespace's breaker, open, at /q/metrics");
        assertEquals(
                0.0,
                Management.metric("ft_circuitbreaker_state_current", "method=\"temporal\",state=\"open\""),
                "the default connection's breaker stays closed");

        // Readiness is the default connection's: one tenant's frontend does not take every replica out.
        JsonPath ready = Management.given()
                .when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Object> temporalData = ready.getMap("checks.find { it.name == 'Temporal frontend' }.data");
        assertEquals("UP", ready.getString("status"), ready.prettify());
        assertEquals(false, temporalData.get(DOWN + ".reachable"), ready.prettify());
        assertTrue(temporalData.containsKey("server_version"), ready.prettify());

        TraceWorkflows.RetryingCharge charge = temporal.newWorkflowStub(
                TraceWorkflows.RetryingCharge.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId("charge-" + UUID.randomUUID())
                        .build());
        charge.run(new Order("isolated", 2, List.of("breaker")));
        var execution = WorkflowStub.fromTyped(charge).getExecution();
        UUID reachable = rows.insert(
                org,
                Map.of(
                        "temporal_workflow_id",
                        execution.getWorkflowId(),
                        "temporal_run_id",
                        execution.getRunId(),
                        "status",
                        "completed"));

        JsonPath answer = details(org, reachable);
        assertEquals("ok", answer.getString("sources.temporal"), answer.prettify());
        assertEquals("COMPLETED", answer.getString("status"), answer.prettify());
        assertFalse(
                answer.getList("trace.activities").isEmpty(), "the default connection's history: " + answer.prettify());
    }
}
