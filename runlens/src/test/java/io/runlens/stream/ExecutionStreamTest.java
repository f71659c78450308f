package io.runlens.stream;

import static io.restassured.RestAssured.given;
import static io.runlens.support.Waits.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runlens.api.Problem;
import io.runlens.support.ExecutionRows;
import io.runlens.support.Management;
import io.runlens.support.SseClient;
import io.runlens.support.SseClient.Event;
import io.runlens.support.TemporalTestService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.temporal.PayloadWorkflows;
import io.runlens.support.temporal.TraceWorkflows;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Live updates over a real SSE connection, of real workflows run by a real worker on the in-process
 * Temporal service: every event of the history exactly once and in order, across a disconnect.
 */
@QuarkusTest
@QuarkusTestResource(value = TemporalTestService.class, restrictToAnnotatedClass = true)
class ExecutionStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectTemporal
    WorkflowClient temporal;

    @TestHTTPResource("/")
    URI base;

    // A cold application's first row query can miss its 3 s deadline on a loaded machine: that is not what these tests
    // are about.
    @org.junit.jupiter.api.BeforeEach
    void warmTheRowPath() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().auth()
                                .oauth2(TestTokens.forOrganization("warm-up"))
                                .when()
                                .get("/api/v1/executions")
                                .statusCode()
                        == 200);
    }

    private final ExecutionRows rows;
    private final StreamSlots slots;
    private final RunFollower follower;

    ExecutionStreamTest(ExecutionRows rows, StreamSlots slots, RunFollower follower) {
        this.rows = rows;
        this.slots = slots;
        this.follower = follower;
    }

    private SseClient stream(String org, String id, String query, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Authorization", "Bearer " + TestTokens.forOrganization(org));
        return SseClient.open(base.resolve("/api/v1/executions/" + id + "/stream" + query), all);
    }

    private TraceWorkflows.Paced startPaced(String workflowId) {
        TraceWorkflows.Paced paced = temporal.newWorkflowStub(
                TraceWorkflows.Paced.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
        WorkflowClient.start(paced::run);
        return paced;
    }

    private List<HistoryEvent> history(String workflowId) {
        return temporal.fetchHistory(workflowId).getEvents();
    }

    private static boolean isHistory(Event event) {
        return event.name().equals("timeline") || event.name().equals("history_event");
    }

    private static JsonNode data(Event event) {
        try {
            return JSON.readTree(event.data());
        } catch (Exception e) {
            throw new AssertionError("event data is not JSON: " + event, e);
        }
    }

    private JsonNode details(String org, String id) throws Exception {
        return JSON.readTree(given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/executions/" + id + "/details?recent_events=1000")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    @Test
    void aRunningWorkflowStreamsItsEventsInOrderAndResumesAfterADisconnectWithoutGapsOrDuplicates() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "paced-" + UUID.randomUUID();
        TraceWorkflows.Paced paced = startPaced(workflowId);
        rows.insert(org, Map.of("temporal_workflow_id", workflowId, "status", "running"));

        List<Event> first = new ArrayList<>();
        try (SseClient client = stream(org, workflowId, "", Map.of())) {
            assertEquals(200, client.status());
            assertEquals("no-store", client.header("Cache-Control"));
            Event status = client.next(WAIT);
            assertEquals("status", status.name());
            assertEquals("RUNNING", data(status).get("status").asText());
            assertEquals(workflowId, data(status).get("workflow_id").asText());
            assertEquals(0, data(status).get("resume_after").asLong());
            // The run as it stands (started, its first workflow task), then what the signal adds.
            first.addAll(client.until(
                    event -> event.name().equals("timeline")
                            && data(event).get("type").asText().equals("workflow_started"),
                    WAIT));
            paced.step(1);
            first.addAll(client.until(
                    event -> event.name().equals("timeline")
                            && data(event).get("type").asText().equals("activity_completed"),
                    WAIT));
        }
        long lastSeen = first.get(first.size() - 1).eventId();

        // While nobody listens, the run goes on.
        paced.step(2);
        paced.step(3);
        await().atMost(WAIT)
                .until(() -> history(workflowId).stream()
                                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
                                .count()
                        == 3);

        List<Event> second = new ArrayList<>();
        try (SseClient client = stream(org, workflowId, "", Map.of("Last-Event-ID", Long.toString(lastSeen)))) {
            Event status = client.next(WAIT);
            assertEquals("status", status.name());
            assertEquals(lastSeen, data(status).get("resume_after").asLong());
            second.addAll(client.until(
                    event -> event.name().equals("timeline")
                            && data(event).get("type").asText().equals("activity_completed")
                            && event.eventId() > lastSeen + 10,
                    WAIT));
            paced.finish();
            second.addAll(client.until(event -> event.name().equals("end"), WAIT));
            assertTrue(client.endsWithin(WAIT), "the stream completes after end");
        }

        List<HistoryEvent> history = history(workflowId);
        List<Long> expected = history.stream().map(HistoryEvent::getEventId).toList();
        List<Long> streamed = new ArrayList<>();
        first.stream().filter(ExecutionStreamTest::isHistory).forEach(e -> streamed.add(e.eventId()));
        second.stream().filter(ExecutionStreamTest::isHistory).forEach(e -> streamed.add(e.eventId()));
        assertEquals(expected, streamed, "both connections together carry every event of the history once, in order");

        List<Event> closing = second.subList(second.size() - 2, second.size());
        assertEquals("status", closing.get(0).name());
        assertEquals("COMPLETED", data(closing.get(0)).get("status").asText());
        JsonNode end = data(closing.get(1));
        assertEquals("COMPLETED", end.get("status").asText());
        assertEquals(
                history.get(history.size() - 1).getEventId(),
                end.get("last_event_id").asLong());
        assertEquals(JSON.readTree("{\"value\":9}"), end.get("result"));
        assertTrue(end.get("next_run_id").isNull());

        // Each streamed event is what details show for it: its timeline entry, or its recent event.
        JsonNode details = details(org, workflowId);
        Map<Long, JsonNode> timeline = new HashMap<>();
        details.at("/trace/timeline")
                .forEach(entry -> timeline.put(entry.get("event_id").asLong(), entry));
        Map<Long, JsonNode> recent = new HashMap<>();
        details.get("recent_events")
                .forEach(event -> recent.put(event.get("event_id").asLong(), event));
        for (Event event : first.stream().filter(ExecutionStreamTest::isHistory).toList()) {
            JsonNode expectedData =
                    event.name().equals("timeline") ? timeline.get(event.eventId()) : recent.get(event.eventId());
            assertEquals(expectedData, data(event), "event " + event.eventId());
        }
        for (Event event :
                second.stream().filter(ExecutionStreamTest::isHistory).toList()) {
            JsonNode expectedData =
                    event.name().equals("timeline") ? timeline.get(event.eventId()) : recent.get(event.eventId());
            assertEquals(expectedData, data(event), "event " + event.eventId());
        }
        assertNull(
                timeline.get(2L), "workflow task bookkeeping is not in the timeline, so it streams as history_event");
    }

    private String closedCharge(String org) {
        String workflowId = "charge-" + UUID.randomUUID();
        temporal.newWorkflowStub(
                        TraceWorkflows.RetryingCharge.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(TraceWorkflows.QUEUE)
                                .setWorkflowId(workflowId)
                                .build())
                .run(new TraceWorkflows.Order("o-7", 2, List.of("eu")));
        rows.insert(org, Map.of("temporal_workflow_id", workflowId, "status", "completed"));
        return workflowId;
    }

    @Test
    void aClosedRunStreamsItsWholeHistoryThenEndAndTheStreamCompletes() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = closedCharge(org);
        List<HistoryEvent> history = history(workflowId);

        try (SseClient client = stream(org, workflowId, "", Map.of("X-Request-Id", "watch-42"))) {
            assertEquals("watch-42", client.header("X-Request-Id"));
            assertEquals("text/event-stream", client.header("Content-Type"));
            Event status = client.next(WAIT);
            assertEquals("status", status.name());
            assertEquals("COMPLETED", data(status).get("status").asText());
            List<Event> events = client.until(event -> event.name().equals("end"), WAIT);
            assertTrue(client.endsWithin(WAIT), "nothing follows end");

            assertEquals(
                    history.stream().map(HistoryEvent::getEventId).toList(),
                    events.stream()
                            .filter(ExecutionStreamTest::isHistory)
                            .map(Event::eventId)
                            .toList());
            assertEquals(
                    List.of("end"),
                    events.stream().filter(e -> !isHistory(e)).map(Event::name).toList(),
                    "a run that was closed already has its status once, first");
            JsonNode end = data(events.get(events.size() - 1));
            JsonNode details = details(org, workflowId);
            assertEquals(details.get("result"), end.get("result"));
            assertEquals(details.get("close_time"), end.get("close_time"));
            assertEquals(details.get("run_id"), end.get("run_id"));
            assertEquals(
                    "workflow_completed",
                    data(events.get(events.size() - 2)).get("type").asText());
            List<String> activityEntries = events.stream()
                    .filter(e -> e.name().equals("timeline"))
                    .map(e -> data(e).get("type").asText())
                    .filter(type -> type.startsWith("activity_"))
                    .toList();
            assertEquals(List.of("activity_scheduled", "activity_started", "activity_completed"), activityEntries);
        }
    }

    @Test
    void kindsSelectWhichHistoryEventsComeAndStatusAndEndAlwaysDo() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = closedCharge(org);
        List<Long> expected = history(workflowId).stream()
                .filter(event -> event.getEventType().name().startsWith("EVENT_TYPE_ACTIVITY_TASK")
                        || event.getEventType().name().startsWith("EVENT_TYPE_WORKFLOW_EXECUTION"))
                .map(HistoryEvent::getEventId)
                .toList();

        for (String query :
                List.of("?kinds=activity,workflow", "?kinds=activity&kinds=workflow", "?kinds=workflow,activity,")) {
            try (SseClient client = stream(org, workflowId, query, Map.of())) {
                assertEquals("status", client.next(WAIT).name());
                List<Event> events = client.until(event -> event.name().equals("end"), WAIT);
                assertEquals(
                        expected,
                        events.stream()
                                .filter(ExecutionStreamTest::isHistory)
                                .map(Event::eventId)
                                .toList(),
                        query);
                assertTrue(
                        events.stream()
                                .filter(e -> e.name().equals("timeline"))
                                .map(e -> data(e).get("type").asText())
                                .allMatch(type -> type.startsWith("activity_")
                                        || (type.startsWith("workflow_") && !type.startsWith("workflow_task_"))),
                        query);
                assertEquals(
                        List.of(),
                        events.stream()
                                .filter(e -> e.name().equals("history_event"))
                                .toList(),
                        "workflow task bookkeeping is left out: " + query);
            }
        }
        // Workflow task bookkeeping alone: the events the timeline leaves out, as history_event.
        try (SseClient client = stream(org, workflowId, "?kinds=workflow_task", Map.of())) {
            client.next(WAIT);
            List<Event> events = client.until(event -> event.name().equals("end"), WAIT);
            assertTrue(events.stream()
                    .filter(ExecutionStreamTest::isHistory)
                    .allMatch(e -> e.name().equals("history_event")
                            && data(e).get("event_type").asText().startsWith("WorkflowTask")));
            assertEquals(
                    history(workflowId).stream()
                            .filter(event -> event.getEventType().name().startsWith("EVENT_TYPE_WORKFLOW_TASK"))
                            .count(),
                    events.stream().filter(ExecutionStreamTest::isHistory).count());
        }
        assertProblem(
                stream(org, workflowId, "?kinds=activity,activities", Map.of()),
                400,
                "kinds must be a comma-separated list of workflow, workflow_task, activity, local_activity, "
                        + "child_workflow, timer, signal, update, marker, other");
    }

    @Test
    void lastEventIdResumesAfterThatEventFromTheHeaderOrTheQueryAndTheHeaderWins() {
        String org = "org-" + UUID.randomUUID();
        String workflowId = closedCharge(org);
        long last = history(workflowId).size();

        try (SseClient client = stream(org, workflowId, "?last_event_id=3", Map.of())) {
            assertEquals(3, data(client.next(WAIT)).get("resume_after").asLong());
            assertEquals(4, client.next(WAIT).eventId());
        }
        try (SseClient client = stream(org, workflowId, "?last_event_id=3", Map.of("Last-Event-ID", "5"))) {
            assertEquals(5, data(client.next(WAIT)).get("resume_after").asLong());
            assertEquals(6, client.next(WAIT).eventId());
        }
        try (SseClient client = stream(org, workflowId, "", Map.of("Last-Event-ID", Long.toString(last)))) {
            client.next(WAIT);
            assertEquals(
                    List.of("end"),
                    client.until(event -> event.name().equals("end"), WAIT).stream()
                            .map(Event::name)
                            .toList(),
                    "resuming after the closing event: only the end");
        }
        // An id this run never reached belongs to an earlier run of the workflow id: start from the first event.
        try (SseClient client = stream(org, workflowId, "", Map.of("Last-Event-ID", Long.toString(last + 50)))) {
            assertEquals(0, data(client.next(WAIT)).get("resume_after").asLong());
            assertEquals(1, client.next(WAIT).eventId());
        }
    }

    @Test
    void refusalsArriveAsProblemsBeforeAnyStreamStarts() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = closedCharge(org);
        UUID queued = rows.insert(
                org, Map.of("temporal_workflow_id", "never-started-" + UUID.randomUUID(), "status", "pending"));

        assertProblem(
                stream("org-" + UUID.randomUUID(), workflowId, "", Map.of()),
                404,
                "no execution with this id in the caller's organization");
        assertProblem(
                stream(org, UUID.randomUUID().toString(), "", Map.of()),
                404,
                "no execution with this id in the caller's organization");
        assertProblem(
                stream(org, queued.toString(), "", Map.of()),
                404,
                "Temporal has no run of this execution (not started yet, or past retention)");
        assertProblem(
                stream(org, workflowId, "?run_id=no-such-run", Map.of()), 404, "the execution has no run no-such-run");
        assertProblem(stream(org, "%01bad", "", Map.of()), 400, null);
        assertProblem(
                stream(org, workflowId, "", Map.of("Last-Event-ID", "seven")),
                400,
                "Last-Event-ID (or last_event_id) must be the id of an event of this stream, a whole number from 0");
        assertProblem(
                stream(org, workflowId, "?last_event_id=-1", Map.of()),
                400,
                "Last-Event-ID (or last_event_id) must be the id of an event of this stream, a whole number from 0");
        assertProblem(
                stream(org, workflowId, "?include_payloads=maybe", Map.of()),
                400,
                "include_payloads must be true or false");
        try (SseClient anonymous =
                SseClient.open(base.resolve("/api/v1/executions/" + workflowId + "/stream"), Map.of())) {
            assertEquals(401, anonymous.status());
            assertEquals(Problem.MEDIA_TYPE, anonymous.header("Content-Type"));
        }
        assertEquals(0, slots.open(), "no refused request keeps a slot");
    }

    private static void assertProblem(SseClient client, int status, String detail) throws Exception {
        try (client) {
            assertEquals(status, client.status(), client.errorBody());
            assertEquals(Problem.MEDIA_TYPE, client.header("Content-Type"));
            JsonNode problem = JSON.readTree(client.errorBody());
            assertEquals(status, problem.get("status").asInt());
            assertTrue(problem.hasNonNull("title"));
            if (detail != null) {
                assertEquals(detail, problem.get("detail").asText());
            } else {
                assertTrue(problem.hasNonNull("detail"));
            }
        }
    }

    @Test
    void aClientThatGoesAwayCancelsItsLongPollAndGivesItsSlotBack() {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "paced-" + UUID.randomUUID();
        startPaced(workflowId);
        rows.insert(org, Map.of("temporal_workflow_id", workflowId, "status", "running"));

        SseClient client = stream(org, workflowId, "", Map.of());
        client.until(
                event -> event.name().equals("history_event")
                        && data(event).get("event_type").asText().equals("WorkflowTaskCompleted"),
                WAIT);
        await().atMost(WAIT).until(() -> follower.longPollsInFlight() == 1 && slots.open() == 1);
        Management.given()
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("runlens_stream_open 1.0"))
                .body(containsString("runlens_stream_long_polls 1.0"));

        client.close();

        await().atMost(WAIT).until(() -> follower.longPollsInFlight() == 0 && slots.open() == 0);
    }

    @Test
    void payloadsInStreamedEventsFollowThePayloadPolicy() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "echo-" + UUID.randomUUID();
        temporal.newWorkflowStub(
                        io.runlens.support.temporal.PayloadWorkflows.Echo.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(TraceWorkflows.QUEUE)
                                .setWorkflowId(workflowId)
                                .build())
                .run(Map.of("user", "ada", "password", "hunter2", "nested", Map.of("apiKey", "k-1", "max_tokens", 5)));
        rows.insert(org, Map.of("temporal_workflow_id", workflowId, "status", "completed"));

        try (SseClient client = stream(org, workflowId, "", Map.of())) {
            List<Event> events = client.until(event -> event.name().equals("end"), WAIT);
            JsonNode result = data(events.get(events.size() - 1)).get("result");
            assertEquals(
                    JSON.readTree("{\"user\":\"ada\",\"password\":\"[REDACTED]\",\"nested\":"
                            + "{\"apiKey\":\"[REDACTED]\",\"max_tokens\":5}}"),
                    result);
            JsonNode completedTask = events.stream()
                    .filter(e -> e.name().equals("history_event"))
                    .map(ExecutionStreamTest::data)
                    .filter(e -> e.get("event_type").asText().equals("WorkflowTaskCompleted"))
                    .findFirst()
                    .orElseThrow();
            assertTrue(completedTask.get("details").isObject()
                    && completedTask.get("details").size() > 0);
        }
        try (SseClient client = stream(org, workflowId, "?include_payloads=false", Map.of())) {
            List<Event> events = client.until(event -> event.name().equals("end"), WAIT);
            assertTrue(data(events.get(events.size() - 1)).get("result").isNull());
            events.stream()
                    .filter(e -> e.name().equals("history_event"))
                    .forEach(e -> assertEquals(JSON.createObjectNode(), data(e).get("details"), e.toString()));
        }
    }

    @Test
    void aRunWithLargePayloadsStreamsEveryEventAndEndsWithItsResult() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "bulky-" + UUID.randomUUID();
        int size = 20_000;
        PayloadWorkflows.Bulky bulky = temporal.newWorkflowStub(
                PayloadWorkflows.Bulky.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
        WorkflowClient.start(bulky::run, PayloadWorkflows.payload("workflow-input", size), 20, size);
        rows.insert(org, Map.of("temporal_workflow_id", workflowId, "status", "running"));
        Map<String, Object> result = Map.of("marker", "RESULT-of-the-run", "filler", "r".repeat(size));

        try (SseClient client = stream(org, workflowId, "", Map.of())) {
            assertEquals("RUNNING", data(client.next(WAIT)).get("status").asText());
            bulky.note(PayloadWorkflows.payload("signal", size));
            bulky.amend(PayloadWorkflows.payload("update", size));
            bulky.finish(result);
            List<Event> events = client.until(event -> event.name().equals("end"), WAIT);
            assertTrue(client.endsWithin(WAIT));

            assertEquals(
                    history(workflowId).stream().map(HistoryEvent::getEventId).toList(),
                    events.stream()
                            .filter(ExecutionStreamTest::isHistory)
                            .map(Event::eventId)
                            .toList());
            JsonNode end = data(events.get(events.size() - 1));
            assertEquals("COMPLETED", end.get("status").asText());
            assertEquals(JSON.valueToTree(result), end.get("result"), "end carries the result from the closing event");
            events.stream()
                    .filter(event -> event.name().equals("timeline"))
                    .forEach(event ->
                            assertFalse(event.data().contains("PAYLOAD-"), "timeline entries carry no payloads"));
        }
    }

    @Test
    void aRunThatContinuedAsNewEndsNamingTheNextRunAndTheStreamFollowsTheRunItWasAskedFor() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "countdown-" + UUID.randomUUID();
        io.runlens.support.temporal.ChainWorkflows.Countdown countdown = temporal.newWorkflowStub(
                io.runlens.support.temporal.ChainWorkflows.Countdown.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
        String firstRunId = WorkflowClient.start(countdown::run, 2).getRunId();
        assertEquals("lift-off", temporal.newUntypedWorkflowStub(workflowId).getResult(String.class));
        rows.insert(org, Map.of("temporal_workflow_id", workflowId, "status", "completed"));
        JsonNode details = details(org, workflowId);
        String lastRunId = details.get("run_id").asText();

        try (SseClient client = stream(org, workflowId, "?run_id=" + firstRunId, Map.of())) {
            Event status = client.next(WAIT);
            assertEquals(firstRunId, data(status).get("run_id").asText());
            assertEquals("CONTINUED_AS_NEW", data(status).get("status").asText());
            List<Event> events = client.until(event -> event.name().equals("end"), WAIT);
            JsonNode end = data(events.get(events.size() - 1));
            assertEquals("CONTINUED_AS_NEW", end.get("status").asText());
            assertEquals(lastRunId, end.get("next_run_id").asText());
            assertEquals(
                    "workflow_continued_as_new",
                    data(events.get(events.size() - 2)).get("type").asText());
            assertTrue(client.endsWithin(WAIT));
        }
        // Without run_id the stream follows the latest run, as details show it.
        try (SseClient client = stream(org, workflowId, "", Map.of())) {
            assertEquals(lastRunId, data(client.next(WAIT)).get("run_id").asText());
            List<Event> events = client.until(event -> event.name().equals("end"), WAIT);
            assertTrue(data(events.get(events.size() - 1)).get("next_run_id").isNull());
        }
    }
}
