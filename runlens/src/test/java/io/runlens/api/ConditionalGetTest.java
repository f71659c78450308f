package io.runlens.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** ETag, If-None-Match and Cache-Control on every read endpoint. */
@QuarkusTest
@QuarkusTestResource(value = TemporalTestService.class, restrictToAnnotatedClass = true)
class ConditionalGetTest {

    @InjectTemporal
    WorkflowClient temporal;

    private final ExecutionRows rows;
    private final DataSource dataSource;

    ConditionalGetTest(ExecutionRows rows, DataSource dataSource) {
        this.rows = rows;
        this.dataSource = dataSource;
    }

    /** One closed execution with a row and a real run; the paths of every read endpoint for it. */
    private List<String> endpointsOf(String org, UUID id, String workflowId, String runId) {
        return List.of(
                "/api/v1/executions",
                "/api/v1/executions?workflow_id=wf-def",
                "/api/v1/executions/" + id,
                "/api/v1/executions/" + workflowId,
                "/api/v1/executions/" + id + "/details",
                "/api/v1/workflows/wf-def/executions",
                "/api/v1/workflows/wf-def/executions/" + runId);
    }

    private record Fixture(String org, UUID id, String workflowId, String runId) {}

    private Fixture closedExecution() {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "charge-" + UUID.randomUUID();
        TraceWorkflows.RetryingCharge charge = temporal.newWorkflowStub(
                TraceWorkflows.RetryingCharge.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
        charge.run(new Order("o-e", 1, List.of()));
        String runId = WorkflowStub.fromTyped(charge).getExecution().getRunId();
        UUID id = rows.insert(
                org, Map.of("temporal_workflow_id", workflowId, "temporal_run_id", runId, "status", "completed"));
        return new Fixture(org, id, workflowId, runId);
    }

    @Test
    void everyReadEndpointAnswersItsOwnETagWith304AndNoBody() {
        Fixture f = closedExecution();
        String token = TestTokens.forOrganization(f.org());
        for (String path : endpointsOf(f.org(), f.id(), f.workflowId(), f.runId())) {
            String tag = given().auth()
                    .oauth2(token)
                    .when()
                    .get(path)
                    .then()
                    .statusCode(200)
                    .header("ETag", matchesPattern("\"[A-Za-z0-9_-]{24}\""))
                    .header("Cache-Control", "private, no-cache")
                    .header("Vary", "Authorization, Cookie")
                    .extract()
                    .header("ETag");

            for (String ifNoneMatch : List.of(tag, "W/" + tag, "\"other\", " + tag, "*")) {
                given().auth()
                        .oauth2(token)
                        .header("If-None-Match", ifNoneMatch)
                        .when()
                        .get(path)
                        .then()
                        .statusCode(304)
                        .header("ETag", tag)
                        .body(emptyString());
            }
            for (String ifNoneMatch : List.of("\"other\"", "garbage", "\"", ",,,", "W/")) {
                given().auth()
                        .oauth2(token)
                        .header("If-None-Match", ifNoneMatch)
                        .when()
                        .get(path)
                        .then()
                        .statusCode(200)
                        .header("ETag", tag)
                        .body(not(emptyString()));
            }
        }
    }

    @Test
    void theETagChangesWhenTheRowChanges() throws Exception {
        Fixture f = closedExecution();
        String token = TestTokens.forOrganization(f.org());
        String path = "/api/v1/executions/" + f.id() + "/details";
        String before = given().auth()
                .oauth2(token)
                .when()
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");

        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE execution SET status = 'failed', updated_at = now(), version = version + 1 WHERE id = ?")) {
            update.setObject(1, f.id());
            update.executeUpdate();
        }

        given().auth()
                .oauth2(token)
                .header("If-None-Match", before)
                .when()
                .get(path)
                .then()
                .statusCode(200)
                .header("ETag", not(equalTo(before)));
        String after =
                given().auth().oauth2(token).when().get(path).then().extract().header("ETag");
        assertNotEquals(before, after);
    }

    /**
     * A closed run's details answer is rendered once: the next read and its 304 come from the kept
     * bytes, whose ETag is still the digest of exactly what is sent, and the payload policy keeps
     * answers apart.
     */
    @Test
    void aClosedRunsDetailsAreRenderedOnceAndServedAsTheSameBytes() throws Exception {
        Fixture f = closedExecution();
        String token = TestTokens.forOrganization(f.org());
        String path = "/api/v1/executions/" + f.id() + "/details";
        String hit = "cache=\"runlens.rendered-answers\",result=\"hit\"";
        double hitsBefore = Management.metric("cache_gets_total", hit);

        var first = given().auth()
                .oauth2(token)
                .when()
                .get(path)
                .then()
                .statusCode(200)
                .extract();
        var second = given().auth()
                .oauth2(token)
                .when()
                .get(path)
                .then()
                .statusCode(200)
                .extract();
        given().auth()
                .oauth2(token)
                .header("If-None-Match", first.header("ETag"))
                .when()
                .get(path)
                .then()
                .statusCode(304)
                .header("ETag", first.header("ETag"))
                .body(emptyString());

        assertEquals(
                hitsBefore + 2,
                Management.metric("cache_gets_total", hit),
                "the second read and the 304 reuse the answer");
        byte[] bytes = second.asByteArray();
        assertArrayEquals(first.asByteArray(), bytes);
        assertEquals(EntityTags.strongTag(bytes), second.header("ETag"), "the ETag is the digest of the bytes sent");
        assertEquals("COMPLETED", second.jsonPath().getString("status"));

        var withoutPayloads = given().auth()
                .oauth2(token)
                .queryParam("include_payloads", "false")
                .when()
                .get(path)
                .then()
                .statusCode(200)
                .extract();
        assertNotEquals(first.header("ETag"), withoutPayloads.header("ETag"));
        assertEquals("o-e", second.jsonPath().getString("input.orderId"));
        assertNull(withoutPayloads.jsonPath().get("input"), "payloads left out, not the kept answer");
        assertEquals(EntityTags.strongTag(withoutPayloads.asByteArray()), withoutPayloads.header("ETag"));
    }

    @Test
    void errorsAndApiKeysCarryNoETagAndAreNotStored() {
        Fixture f = closedExecution();
        List<io.restassured.response.Response> answers = List.of(
                given().auth()
                        .oauth2(TestTokens.forOrganization("org-" + UUID.randomUUID()))
                        .when()
                        .get("/api/v1/executions/" + f.id() + "/details"),
                given().when().get("/api/v1/executions/" + f.id()),
                given().auth()
                        .oauth2(TestTokens.forOrganization(f.org()))
                        .when()
                        .get("/api/v1/executions?limit=0"),
                given().auth().oauth2(TestTokens.adminOf(f.org())).when().get("/api/v1/api-keys"));
        List<Integer> statuses = answers.stream()
                .map(io.restassured.response.Response::statusCode)
                .toList();
        assertEquals(List.of(404, 401, 400, 200), statuses);
        for (var answer : answers) {
            assertNull(answer.header("ETag"));
            assertEquals(List.of("no-store"), answer.headers().getValues("Cache-Control"), "exactly one Cache-Control");
        }
    }

    @Test
    void aReadCarriesExactlyOneCacheControl() {
        Fixture f = closedExecution();
        var answer = given().auth()
                .oauth2(TestTokens.forOrganization(f.org()))
                .when()
                .get("/api/v1/executions/" + f.id());
        assertEquals(200, answer.statusCode());
        assertEquals(List.of("private, no-cache"), answer.headers().getValues("Cache-Control"));
        assertEquals(List.of("nosniff"), answer.headers().getValues("X-Content-Type-Options"));
    }
}
