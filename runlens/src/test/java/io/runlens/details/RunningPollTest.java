package io.runlens.details;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.runlens.support.ExecutionRows;
import io.runlens.support.Management;
import io.runlens.support.PacedRun;
import io.runlens.support.TemporalTestService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.Waits;
import io.runlens.support.temporal.TraceWorkflows;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Dashboards poll running executions. A running execution's answer changes only when the execution
 * does, so polling one that has not moved gets the same bytes and ETag, its 304, and costs a describe
 * with no history read and no fold; a new history event changes the answer at once.
 */
@QuarkusTest
@QuarkusTestResource(value = TemporalTestService.class, restrictToAnnotatedClass = true)
class RunningPollTest {

    private static final String UNCHANGED = "runlens_running_runs_unchanged_total";
    private static final String RENDERED_HIT = "cache=\"runlens.rendered-answers\",result=\"hit\"";

    @InjectTemporal
    WorkflowClient temporal;

    private final ExecutionRows rows;

    RunningPollTest(ExecutionRows rows) {
        this.rows = rows;
    }

    @Test
    void aRunningExecutionThatHasNotMovedAnswersTheSameBytesAnd304UntilAnEventArrives() {
        String org = "org-" + UUID.randomUUID();
        PacedRun run = PacedRun.start(temporal, rows, org);
        TraceWorkflows.Paced paced = run.stub();
        UUID id = run.id();
        String workflowId = run.workflowId();
        String token = TestTokens.forOrganization(org);
        String path = "/api/v1/executions/" + id + "/details";
        // Started, then its first workflow task scheduled, started and completed: then it waits for a signal.
        settledAt(workflowId, 4);

        ExtractableResponse<Response> first = details(token, path);
        double unchangedBefore = Management.metric(UNCHANGED, "");
        double renderedBefore = Management.metric("cache_gets_total", RENDERED_HIT);
        ExtractableResponse<Response> second = details(token, path);
        given().auth()
                .oauth2(token)
                .header("If-None-Match", first.header("ETag"))
                .when()
                .get(path)
                .then()
                .statusCode(304)
                .header("ETag", first.header("ETag"))
                .body(emptyString());

        assertEquals("RUNNING", first.jsonPath().getString("status"));
        assertArrayEquals(first.asByteArray(), second.asByteArray(), "a run that has not moved answers the same bytes");
        assertEquals(first.header("ETag"), second.header("ETag"));
        assertEquals(
                unchangedBefore + 2,
                Management.metric(UNCHANGED, ""),
                "the second read and the 304 took the kept fold after a describe, without reading the history");
        assertEquals(
                renderedBefore + 2,
                Management.metric("cache_gets_total", RENDERED_HIT),
                "and rendered nothing: the kept answer's bytes were sent");
        assertDurationUpToNewestEvent(workflowId, first);

        paced.step(5);
        // The signal, a workflow task (scheduled, started, completed), the activity (scheduled, started,
        // completed), and the workflow task that takes its result.
        settledAt(workflowId, 14);
        ExtractableResponse<Response> moved = given().auth()
                .oauth2(token)
                .header("If-None-Match", first.header("ETag"))
                .when()
                .get(path)
                .then()
                .statusCode(200)
                .extract();
        assertNotEquals(first.header("ETag"), moved.header("ETag"), "a new event changes the answer");
        assertEquals(14, moved.jsonPath().getInt("history_length"));
        assertEquals("completed", moved.jsonPath().getString("trace.activities[0].status"));
        assertDurationUpToNewestEvent(workflowId, moved);
        assertTrue(
                moved.jsonPath().getDouble("execution_duration_ms")
                        > first.jsonPath().getDouble("execution_duration_ms"),
                "the duration moved with the execution");

        String steps = "/api/v1/workflows/wf-def/executions/" + id;
        String stepTag = given().auth()
                .oauth2(token)
                .when()
                .get(steps)
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        given().auth()
                .oauth2(token)
                .header("If-None-Match", stepTag)
                .when()
                .get(steps)
                .then()
                .statusCode(304);
        paced.finish();
    }

    private static ExtractableResponse<Response> details(String token, String path) {
        return given().auth()
                .oauth2(token)
                .when()
                .get(path)
                .then()
                .statusCode(200)
                .extract();
    }

    /** Waits until the run's history has {@code events} events: the workflow is then waiting for a signal. */
    private void settledAt(String workflowId, int events) {
        Waits.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> history(workflowId).size() == events);
    }

    private List<HistoryEvent> history(String workflowId) {
        return temporal.fetchHistory(workflowId).getHistory().getEventsList();
    }

    /** {@code execution_duration_ms} runs from the start to the newest event Temporal recorded, not to the clock. */
    private void assertDurationUpToNewestEvent(String workflowId, ExtractableResponse<Response> answer) {
        List<HistoryEvent> events = history(workflowId);
        Instant start = instant(events.get(0));
        Instant newest = instant(events.get(answer.jsonPath().getInt("history_length") - 1));
        assertEquals(
                Duration.between(start, newest).toNanos() / 1_000_000.0,
                answer.jsonPath().getDouble("execution_duration_ms"),
                0.001);
    }

    private static Instant instant(HistoryEvent event) {
        return Instant.ofEpochSecond(
                event.getEventTime().getSeconds(), event.getEventTime().getNanos());
    }
}
