package io.runlens.details;

import static io.restassured.RestAssured.given;
import static io.runlens.support.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.runlens.support.ExecutionRows;
import io.runlens.support.ScriptedTemporal;
import io.runlens.support.ScriptedTemporalService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.temporal.TraceWorkflows;
import io.runlens.support.temporal.TraceWorkflows.Order;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A closed run served from memory is confirmed with Temporal at least every
 * {@code runlens.cache.revalidate-after} (3 s here, set by {@link ScriptedTemporalService}): a reset of the run, or its deletion, shows within
 * that bound, instead of never while it is polled. Runlens is put in front of a frontend serving runs
 * recorded from the in-process service, which the test then resets and deletes as a real cluster can.
 */
@QuarkusTest
@QuarkusTestResource(value = ScriptedTemporalService.class, restrictToAnnotatedClass = true)
class ClosedRunRevalidationTest {

    @InjectTemporal
    WorkflowClient temporal;

    @InjectTemporal
    ScriptedTemporal scripted;

    private final ExecutionRows rows;

    ClosedRunRevalidationTest(ExecutionRows rows) {
        this.rows = rows;
    }

    /** A run of {@code workflowId} that really ran, as the in-process service recorded it. */
    private ScriptedTemporal.Run record(String workflowId, String orderId) {
        TraceWorkflows.RetryingCharge charge = temporal.newWorkflowStub(
                TraceWorkflows.RetryingCharge.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
        charge.run(new Order(orderId, 1, List.of("revalidation")));
        WorkflowExecution execution = WorkflowStub.fromTyped(charge).getExecution();
        var service = temporal.getWorkflowServiceStubs().blockingStub();
        DescribeWorkflowExecutionResponse describe =
                service.describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace("default")
                        .setExecution(execution)
                        .build());
        List<HistoryEvent> events = service.getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
                        .setNamespace("default")
                        .setExecution(execution)
                        .build())
                .getHistory()
                .getEventsList();
        return new ScriptedTemporal.Run(describe, events);
    }

    /** {@code later} as the run a reset of {@code reset} started: the same chain (first run), a later start. */
    private static ScriptedTemporal.Run asResetOf(ScriptedTemporal.Run later, ScriptedTemporal.Run reset) {
        String first =
                reset.describe().getWorkflowExecutionInfo().getExecution().getRunId();
        DescribeWorkflowExecutionResponse describe = later.describe().toBuilder()
                .setWorkflowExecutionInfo(
                        later.describe().getWorkflowExecutionInfo().toBuilder().setFirstRunId(first))
                .build();
        List<HistoryEvent> events = new ArrayList<>(later.events());
        HistoryEvent started = events.get(0);
        events.set(
                0,
                started.toBuilder()
                        .setWorkflowExecutionStartedEventAttributes(
                                started.getWorkflowExecutionStartedEventAttributes().toBuilder()
                                        .setFirstExecutionRunId(first))
                        .build());
        return new ScriptedTemporal.Run(describe, events);
    }

    private static Response details(String org, String path, String etag) {
        var request = given().auth().oauth2(TestTokens.forOrganization(org));
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        return request.when().get(path);
    }

    @Test
    void aResetOrADeletionOfAClosedRunShowsWithinTheBoundWhilePolled() {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "charge-" + UUID.randomUUID();
        ScriptedTemporal.Run original = record(workflowId, "first-order");
        ScriptedTemporal.Run reset = asResetOf(record(workflowId, "after-reset"), original);
        String originalRunId =
                original.describe().getWorkflowExecutionInfo().getExecution().getRunId();
        String resetRunId =
                reset.describe().getWorkflowExecutionInfo().getExecution().getRunId();
        scripted.add(workflowId, original);
        UUID id = rows.insert(
                org,
                Map.of(
                        "workflow_id",
                        "charges",
                        "temporal_workflow_id",
                        workflowId,
                        "temporal_run_id",
                        originalRunId,
                        "status",
                        "completed"));
        String path = "/api/v1/executions/" + id + "/details";

        Response first = details(org, path, null);
        assertEquals(originalRunId, first.jsonPath().getString("run_id"));
        String etag = first.header("ETag");
        int calls = scripted.calls();
        assertEquals(304, details(org, path, etag).statusCode());
        assertEquals(calls, scripted.calls(), "a closed run confirmed a moment ago is served without asking Temporal");

        // A reset: its new run is the chain's latest. Polls show it within the bound (and never before a poll asks).
        scripted.add(workflowId, reset);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> details(org, path, etag).statusCode() == 200);
        Response afterReset = details(org, path, null);
        assertEquals(resetRunId, afterReset.jsonPath().getString("run_id"));
        assertNotEquals(etag, afterReset.header("ETag"));

        // Deleted (retention, or DeleteWorkflowExecution): gone from every answer within the bound.
        scripted.delete(workflowId, resetRunId);
        scripted.delete(workflowId, originalRunId);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        "not_found".equals(details(org, path, null).jsonPath().getString("sources.temporal")));
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "not_found"
                        .equals(details(org, "/api/v1/workflows/charges/executions/" + originalRunId, null)
                                .jsonPath()
                                .getString("sources.temporal")));
        Response named = details(org, path + "?run_id=" + originalRunId, null);
        assertEquals(200, named.statusCode(), named.asString());
        assertEquals(
                "not_found",
                named.jsonPath().getString("sources.temporal"),
                "the run the row names, gone from Temporal");
    }
}
