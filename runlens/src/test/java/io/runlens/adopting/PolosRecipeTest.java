package io.runlens.adopting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.runlens.config.RunlensConfig;
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
 * docs/adopting.md's Polos-style recipe: {@code workflow_executions} with the tenant in a uuid
 * {@code project_id}, eight status words, and the Temporal workflow id being the execution id; Runlens
 * reads the view over it and answers from it and from a real Temporal run.
 */
@QuarkusTest
@QuarkusTestResource(
        value = PlatformRecipe.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "recipe", value = "polos"),
            @ResourceArg(name = "view", value = "workflow_executions_for_runlens")
        })
class PolosRecipeTest {

    private static final String SCHEMA = PlatformRecipe.schema("polos");

    @InjectTemporal
    WorkflowClient temporal;

    private final RunlensConfig config;
    private final DataSource database;

    PolosRecipeTest(RunlensConfig config, DataSource database) {
        this.config = config;
        this.database = database;
    }

    private void insert(UUID id, UUID project, String workflowId, String status) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement("insert into " + SCHEMA
                        + ".workflow_executions (id, project_id, workflow_id, status, payload, result, retry_count,"
                        + " started_at, completed_at) values (?, ?, ?, ?, '{\"order\": \"o-1\"}',"
                        + " '{\"state\": \"charged\"}', 1, now(), now())")) {
            insert.setObject(1, id);
            insert.setObject(2, project);
            insert.setString(3, workflowId);
            insert.setString(4, status);
            insert.executeUpdate();
        }
    }

    @Test
    void anExecutionIsFoundByItsIdAsExecutionAndAsTemporalWorkflow() throws Exception {
        UUID project = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        // The platform starts each workflow with its execution id as the Temporal workflow id.
        TraceWorkflows.RetryingCharge charge = temporal.newWorkflowStub(
                TraceWorkflows.RetryingCharge.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(id.toString())
                        .build());
        charge.run(new Order("o-1", 2, List.of("eu")));
        String runId = WorkflowStub.fromTyped(charge).getExecution().getRunId();
        insert(id, project, "charge-orders", "completed");
        String token = TestTokens.forOrganization(project.toString());

        given().auth()
                .oauth2(token)
                .get("/api/v1/executions/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id.toString()))
                .body("workflow_id", equalTo("charge-orders"))
                .body("status", equalTo("completed"))
                .body("retry_count", equalTo(1))
                .body("payload.order", equalTo("o-1"))
                .body("result.state", equalTo("charged"))
                .body("temporal_workflow_id", equalTo(id.toString()));

        given().auth()
                .oauth2(token)
                .get("/api/v1/executions/" + id + "/details")
                .then()
                .statusCode(200)
                .body("execution_id", equalTo(id.toString()))
                .body("workflow_id", equalTo(id.toString()))
                .body("status", equalTo("COMPLETED"))
                // The view names no run: Runlens follows the workflow id's latest, the one that ran.
                .body("run_id", equalTo(runId));

        given().auth()
                .oauth2(token)
                .get("/api/v1/workflows/charge-orders/executions/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id.toString()))
                .body("status", equalTo("completed"));

        given().auth()
                .oauth2(TestTokens.forOrganization(UUID.randomUUID().toString()))
                .get("/api/v1/executions/" + id)
                .then()
                .statusCode(404);
    }

    @Test
    void eachOfTheEightStatusWordsHasItsResponseWord() throws Exception {
        UUID project = UUID.randomUUID();
        List<String> platform = List.of(
                "queued", "claimed", "running", "waiting", "completed", "failed", "cancelled", "pending_cancel");
        List<String> expected =
                List.of("pending", "pending", "running", "running", "completed", "failed", "cancelled", "running");
        for (int i = 0; i < platform.size(); i++) {
            UUID id = UUID.randomUUID();
            insert(id, project, "wf-" + i, platform.get(i));
            given().auth()
                    .oauth2(TestTokens.forOrganization(project.toString()))
                    .get("/api/v1/executions/" + id)
                    .then()
                    .statusCode(200)
                    .body("status", equalTo(expected.get(i)));
        }
        given().auth()
                .oauth2(TestTokens.forOrganization(project.toString()))
                .get("/api/v1/executions?status=running")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(3));
    }

    @Test
    void theLookupsThroughTheViewAreIndexScans() throws Exception {
        UUID project = UUID.randomUUID();
        try (Connection connection = database.getConnection()) {
            try (var statement = connection.createStatement()) {
                statement.execute("insert into " + SCHEMA + ".workflow_executions (project_id, workflow_id, status,"
                        + " created_at) select ('00000000-0000-0000-0000-' || lpad((n % 200)::text, 12, '0'))::uuid,"
                        + " 'wf-' || (n % 7), 'completed', now() - n * interval '1 second'"
                        + " from generate_series(1, 20000) n");
                statement.execute("analyze " + SCHEMA + ".workflow_executions");
            }
            String view = config.db().schema() + ".execution";
            String raw = UUID.randomUUID().toString();
            for (String query : List.of(
                    "select * from " + view + " where organization_id = '" + project + "' and (id = '" + raw
                            + "' or temporal_workflow_id = '" + raw + "') order by created_at desc limit 1",
                    "select * from " + view + " where organization_id = '" + project
                            + "' and temporal_workflow_id = 'not-a-uuid' order by created_at desc limit 1",
                    "select * from " + view + " where organization_id = '" + project
                            + "' order by created_at desc, id desc limit 51",
                    "select * from " + view + " where organization_id = '" + project
                            + "' and workflow_id = 'wf-3' order by created_at desc, id desc limit 51",
                    "select 1 from " + view + " where (id = '" + raw + "' or temporal_workflow_id = '" + raw
                            + "') and organization_id <> '" + project + "' limit 1")) {
                String plan = Plans.explain(connection, query);
                assertFalse(plan.contains("Seq Scan"), query + "\n" + plan);
                assertTrue(plan.contains("Index"), query + "\n" + plan);
            }
        }
    }

    @Test
    void runlensReadsThroughAViewOfItsOwn() throws Exception {
        try (Connection connection = database.getConnection();
                PreparedStatement kind =
                        connection.prepareStatement("select relkind from pg_class where oid = to_regclass(?)")) {
            kind.setString(1, config.db().schema() + ".execution");
            try (var rows = kind.executeQuery()) {
                assertTrue(rows.next());
                assertEquals("v", rows.getString(1));
            }
        }
    }
}
