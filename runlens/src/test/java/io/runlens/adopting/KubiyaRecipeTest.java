package io.runlens.adopting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.runlens.config.RunlensConfig;
import io.runlens.execution.QueryPlanWarmup;
import io.runlens.support.PlatformRecipe;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.temporal.TraceWorkflows;
import io.runlens.support.temporal.TraceWorkflows.Order;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * docs/adopting.md's Kubiya-style recipe: the platform's {@code executions} table and the view over
 * it, in a schema of their own; Runlens reads the view, never manages the table, and answers from it
 * and from a real Temporal run.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PlatformRecipe.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "recipe", value = "kubiya"),
            @ResourceArg(name = "view", value = "executions_for_runlens")
        })
class KubiyaRecipeTest {

    private static final String SCHEMA = PlatformRecipe.schema("kubiya");

    @InjectTemporal
    WorkflowClient temporal;

    private final RunlensConfig config;
    private final QueryPlanWarmup warmup;
    private final DataSource database;

    KubiyaRecipeTest(RunlensConfig config, QueryPlanWarmup warmup, DataSource database) {
        this.config = config;
        this.warmup = warmup;
        this.database = database;
    }

    private UUID insert(String org, String status, String workflowId, String runId) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement("insert into " + SCHEMA
                        + ".executions (organization_id, entity_name, prompt, status, response, runner_name,"
                        + " temporal_workflow_id, temporal_run_id) values (?, 'charge-agent', 'charge order o-1', ?,"
                        + " 'charged', 'kubiya-runner', ?, ?) returning id")) {
            insert.setString(1, org);
            insert.setString(2, status);
            insert.setString(3, workflowId);
            insert.setString(4, runId);
            try (var rows = insert.executeQuery()) {
                rows.next();
                return rows.getObject(1, UUID.class);
            }
        }
    }

    @Test
    void aPlatformRowAndItsTemporalRunAnswerThroughTheView() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "kubiya-" + UUID.randomUUID();
        TraceWorkflows.RetryingCharge charge = temporal.newWorkflowStub(
                TraceWorkflows.RetryingCharge.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
        charge.run(new Order("o-1", 2, List.of("eu")));
        String runId = WorkflowStub.fromTyped(charge).getExecution().getRunId();
        UUID id = insert(org, "completed", workflowId, runId);

        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .get("/api/v1/executions/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id.toString()))
                .body("workflow_id", equalTo("charge-agent"))
                .body("status", equalTo("completed"))
                .body("payload.prompt", equalTo("charge order o-1"))
                .body("result", equalTo("charged"))
                .body("temporal_workflow_id", equalTo(workflowId))
                .body("temporal_run_id", equalTo(runId));

        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .get("/api/v1/executions/" + workflowId + "/details")
                .then()
                .statusCode(200)
                .body("execution_id", equalTo(id.toString()))
                .body("execution_status", equalTo("completed"))
                .body("status", equalTo("COMPLETED"))
                .body("run_id", equalTo(runId))
                .body("workflow_type", equalTo("RetryingCharge"));

        // Another tenant sees nothing of it, by id or by workflow id.
        String stranger = "org-" + UUID.randomUUID();
        for (String named : List.of(id.toString(), workflowId)) {
            given().auth()
                    .oauth2(TestTokens.forOrganization(stranger))
                    .get("/api/v1/executions/" + named)
                    .then()
                    .statusCode(404);
        }
    }

    @Test
    void theStatusWordsOfThePlatformAreMappedToTheResponses() throws Exception {
        String org = "org-" + UUID.randomUUID();
        List<String> platform = List.of("queued", "waiting_for_input", "failed", "cancelled");
        for (String status : platform) {
            insert(org, status, "kubiya-" + UUID.randomUUID(), null);
        }
        List<String> listed = given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .get("/api/v1/executions")
                .then()
                .statusCode(200)
                .body("next_cursor", nullValue())
                .extract()
                .jsonPath()
                .getList("items.status", String.class);
        // Newest first.
        assertEquals(List.of("cancelled", "failed", "running", "pending"), listed);
        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .get("/api/v1/executions?status=running")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1));
    }

    @Test
    void runlensManagesNoExecutionTableAndReadsThroughItsView() throws Exception {
        // Every HQL form of the request path ran at start, through the view.
        assertTrue(warmup.warmed() > 0);
        try (Connection connection = database.getConnection();
                PreparedStatement kind =
                        connection.prepareStatement("select relkind from pg_class where oid = to_regclass(?)")) {
            kind.setString(1, config.db().schema() + ".execution");
            try (var rows = kind.executeQuery()) {
                assertTrue(rows.next());
                assertEquals("v", rows.getString(1));
            }
            try (var applied = connection
                    .createStatement()
                    .executeQuery("select string_agg(version, ',' order by installed_rank) from "
                            + config.db().schema() + ".flyway_schema_history where version is not null")) {
                applied.next();
                assertEquals("2,4", applied.getString(1));
            }
        }
    }

    @Test
    void theLookupsThroughTheViewAreIndexScans() throws Exception {
        String org = "org-" + UUID.randomUUID();
        try (Connection connection = database.getConnection()) {
            try (var statement = connection.createStatement()) {
                statement.execute("insert into " + SCHEMA + ".executions (organization_id, status,"
                        + " temporal_workflow_id, created_at) select 'org-' || (n % 200), 'completed', 'wf-' || n,"
                        + " now() - n * interval '1 second' from generate_series(1, 20000) n");
                statement.execute("analyze " + SCHEMA + ".executions");
            }
            String view = config.db().schema() + ".execution";
            for (String query : List.of(
                    "select * from " + view + " where organization_id = '" + org
                            + "' and temporal_workflow_id = 'wf-7' order by created_at desc limit 1",
                    "select * from " + view + " where organization_id = '" + org
                            + "' and (id = '" + UUID.randomUUID() + "' or temporal_workflow_id = 'wf-7')"
                            + " order by created_at desc limit 1",
                    "select * from " + view + " where organization_id = '" + org
                            + "' order by created_at desc, id desc limit 51",
                    "select 1 from " + view + " where temporal_workflow_id = 'wf-7' and organization_id <> '" + org
                            + "' limit 1")) {
                String plan = Plans.explain(connection, query);
                assertFalse(plan.contains("Seq Scan"), query + "\n" + plan);
                assertTrue(plan.contains("Index"), query + "\n" + plan);
            }
        }
    }
}
