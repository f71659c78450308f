package io.runlens.trace;

import static io.runlens.support.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runlens.support.temporal.ChainWorkflows;
import io.runlens.support.temporal.TraceWorkflows;
import io.runlens.support.temporal.TraceWorkflows.Order;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trace builder over histories of real workflows run on the in-process Temporal service. Each
 * history is fed in pages of three events, so every test also proves the fold does not depend on
 * page boundaries.
 */
class HistoryFolderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestWorkflowEnvironment env;
    private WorkflowClient client;

    @BeforeEach
    void startTemporal() {
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker(TraceWorkflows.QUEUE);
        TraceWorkflows.register(worker);
        env.start();
        client = env.getWorkflowClient();
    }

    @AfterEach
    void stopTemporal() {
        env.close();
    }

    private <T> T stub(Class<T> type, String workflowId) {
        return client.newWorkflowStub(
                type,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TraceWorkflows.QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
    }

    private HistoryFolder fold(String workflowId, int recentWindow) {
        List<HistoryEvent> events = client.fetchHistory(workflowId).getEvents();
        HistoryFolder builder = HistoryFolder.forDetails(recentWindow);
        for (int from = 0; from < events.size(); from += 3) {
            builder.accept(events.subList(from, Math.min(from + 3, events.size())));
        }
        assertEquals(events.size(), builder.eventCount());
        return builder;
    }

    private static List<String> timelineTypes(WorkflowTrace trace) {
        return trace.timeline().stream().map(e -> e.get("type").asText()).toList();
    }

    @Test
    void anActivityThatFailedTwiceThenSucceededShowsItsThirdAttemptWithDecodedInputAndResult() throws Exception {
        String id = "charge-" + UUID.randomUUID();
        stub(TraceWorkflows.RetryingCharge.class, id).run(new Order("o-17", 3, List.of("priority", "eu")));

        HistoryFolder builder = fold(id, 20);
        WorkflowTrace trace = builder.trace(List.of());

        assertEquals(1, trace.totalActivities());
        assertEquals(1, trace.completedActivities());
        assertEquals(0, trace.failedActivities());
        ActivityExecution charge = trace.activities().get(0);
        assertEquals("Charge", charge.activityType());
        assertEquals(ActivityStatus.COMPLETED, charge.status());
        assertEquals(3, charge.attempt());
        assertEquals(
                JSON.readTree("{\"orderId\":\"o-17\",\"quantity\":3,\"tags\":[\"priority\",\"eu\"]}"), charge.input());
        assertEquals(JSON.readTree("{\"orderId\":\"o-17\",\"state\":\"charged\",\"total\":37.5}"), charge.result());
        assertNotNull(charge.startedTime());
        assertNotNull(charge.completedTime());
        assertEquals(
                (double) java.time.Duration.between(charge.startedTime(), charge.completedTime())
                                .toNanos()
                        / 1e6,
                charge.durationMs());
        assertNotNull(charge.workerIdentity());
        assertNull(charge.failureMessage());
        assertEquals(
                List.of(
                        "workflow_started",
                        "activity_scheduled",
                        "activity_started",
                        "activity_completed",
                        "workflow_completed"),
                timelineTypes(trace));
        TimelineEntry started = trace.timeline().get(2);
        assertEquals(3, started.get("attempt").asInt());
        assertEquals(charge.activityId(), started.get("activity_id").asText());
        assertEquals(
                charge.scheduledEventId(), started.get("scheduled_event_id").asLong());

        RunFacts run = builder.runFacts();
        assertEquals("RetryingCharge", run.workflowType());
        assertEquals(TraceWorkflows.QUEUE, run.taskQueue());
        assertEquals(1, run.attempt());
        assertEquals("completed", run.closeStatus());
        assertEquals(charge.input(), run.input());
    }

    @Test
    void anActivityThatExhaustedItsRetriesShowsTheFailureCauseChainAndRetryState() {
        String id = "ledger-" + UUID.randomUUID();
        assertThrows(
                WorkflowFailedException.class,
                () -> stub(TraceWorkflows.ExhaustedRetries.class, id).run("overdraft"));

        HistoryFolder builder = fold(id, 20);
        WorkflowTrace trace = builder.trace(List.of());

        assertEquals(1, trace.totalActivities());
        assertEquals(0, trace.completedActivities());
        assertEquals(1, trace.failedActivities());
        ActivityExecution ledger = trace.activities().get(0);
        assertEquals(ActivityStatus.FAILED, ledger.status());
        assertEquals(3, ledger.attempt());
        assertEquals("ledger rejected: overdraft", ledger.failureMessage());
        assertEquals("maximum_attempts_reached", ledger.retryState());
        assertEquals("LedgerRejected", ledger.failure().type());
        assertEquals(false, ledger.failure().nonRetryable());
        assertTrue(ledger.failure().stackTrace().contains("alwaysFails"));
        assertEquals("account locked", ledger.failure().causes().get(0).message());
        assertEquals(
                "java.lang.IllegalStateException",
                ledger.failure().causes().get(0).type());
        assertEquals("acc-9", ledger.failure().details().get("account").asText());
        assertEquals(JSON.createObjectNode().put("value", "overdraft"), ledger.input());
        assertNull(ledger.result());
        assertEquals("failed", builder.runFacts().closeStatus());
        assertEquals("ActivityFailure", builder.runFacts().failure().type());
        assertEquals(
                List.of(
                        "workflow_started",
                        "activity_scheduled",
                        "activity_started",
                        "activity_failed",
                        "workflow_failed"),
                timelineTypes(trace));
    }

    @Test
    void anActivityThatTimedOutIsCountedAsFailedWithItsTimeoutType() {
        String id = "slow-" + UUID.randomUUID();
        assertEquals("fallback", stub(TraceWorkflows.TimesOut.class, id).run());

        WorkflowTrace trace = fold(id, 20).trace(List.of());

        ActivityExecution slow = trace.activities().get(0);
        assertEquals(ActivityStatus.TIMED_OUT, slow.status());
        assertEquals("TimeoutFailure", slow.failure().type());
        assertEquals("start_to_close", slow.failure().timeoutType());
        assertEquals(1, trace.failedActivities());
        TimelineEntry timedOut = trace.timeline().stream()
                .filter(e -> e.get("type").asText().equals("activity_timed_out"))
                .findFirst()
                .orElseThrow();
        assertEquals("start_to_close", timedOut.get("timeout_type").asText());
        assertEquals(JSON.createObjectNode().put("value", 1500), slow.input());
    }

    @Test
    void localActivitiesTimersChildWorkflowsSignalsAndUpdatesAreTraced() {
        String id = "mixed-" + UUID.randomUUID();
        TraceWorkflows.Mixed mixed = stub(TraceWorkflows.Mixed.class, id);
        WorkflowClient.start(mixed::run, 2, 3);
        WorkflowStub untyped = WorkflowStub.fromTyped(mixed);
        // Time skips only while a client waits on a result: skip the 30 s timer explicitly.
        env.sleep(Duration.ofSeconds(31));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.fetchHistory(id).getEvents().stream()
                        .anyMatch(e -> e.hasChildWorkflowExecutionCompletedEventAttributes()));
        mixed.approve("dana");
        assertEquals(4, mixed.bump(4));
        assertEquals(9, untyped.getResult(Integer.class));

        WorkflowTrace trace = fold(id, 20).trace(List.of());

        assertEquals(1, trace.localActivities().size());
        var local = trace.localActivities().get(0);
        assertEquals("Add", local.activityType());
        assertEquals(LocalActivityStatus.COMPLETED, local.status());
        assertEquals(JSON.createObjectNode().put("value", 5), local.result());

        assertEquals(1, trace.timers().size());
        var timer = trace.timers().get(0);
        assertEquals(TimerStatus.FIRED, timer.status());
        assertEquals(30_000L, timer.startToFireTimeoutMs());
        assertNotNull(timer.firedTime());

        assertEquals(1, trace.childWorkflows().size());
        var child = trace.childWorkflows().get(0);
        assertEquals(id + "-child", child.workflowId());
        assertEquals("RetryingCharge", child.workflowType());
        assertEquals(ChildWorkflowStatus.COMPLETED, child.status());
        assertNotNull(child.runId());
        assertEquals("charged", child.result().get("state").asText());

        assertEquals(1, trace.signals().size());
        assertEquals("approve", trace.signals().get(0).signalName());
        assertEquals(
                JSON.createObjectNode().put("value", "dana"),
                trace.signals().get(0).input());

        assertEquals(1, trace.updates().size());
        var update = trace.updates().get(0);
        assertEquals("bump", update.name());
        assertEquals(UpdateStatus.COMPLETED, update.status());
        assertEquals(JSON.createObjectNode().put("value", 4), update.input());
        assertEquals(JSON.createObjectNode().put("value", 4), update.result());

        // No activity tasks ran in the parent: local activities and children are not activities.
        assertEquals(0, trace.totalActivities());
        List<String> types = timelineTypes(trace);
        assertEquals(
                List.of(
                        "workflow_started",
                        "local_activity_completed",
                        "timer_started",
                        "timer_fired",
                        "child_workflow_initiated",
                        "child_workflow_started",
                        "child_workflow_completed",
                        "signal_received",
                        "update_accepted",
                        "update_completed",
                        "workflow_completed"),
                types);
    }

    @Test
    void aCancelledActivityShowsCancelRequestedThenCancelled() {
        String id = "cancel-" + UUID.randomUUID();
        assertEquals("done", stub(TraceWorkflows.CancelsActivity.class, id).run());

        WorkflowTrace trace = fold(id, 20).trace(List.of());

        ActivityExecution export = trace.activities().get(0);
        assertEquals(ActivityStatus.CANCELLED, export.status());
        List<String> types = timelineTypes(trace);
        assertTrue(types.indexOf("activity_cancel_requested") < types.indexOf("activity_cancelled"), types.toString());
        assertEquals(0, trace.failedActivities());
        assertEquals(0, trace.completedActivities());
    }

    @Test
    void aRetryingActivityTakesItsAttemptAndLastFailureFromDescribe() {
        String id = "retrying-" + UUID.randomUUID();
        TraceWorkflows.KeepsRetrying retrying = stub(TraceWorkflows.KeepsRetrying.class, id);
        WorkflowClient.start(retrying::run, "gateway down");
        List<PendingActivityInfo> pending = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            pending.clear();
            pending.addAll(env.getWorkflowServiceStubs()
                    .blockingStub()
                    .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace("default")
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                            .build())
                    .getPendingActivitiesList());
            return !pending.isEmpty() && pending.get(0).getAttempt() >= 3;
        });

        WorkflowTrace trace = fold(id, 20).trace(pending);

        ActivityExecution activity = trace.activities().get(0);
        // No Started event exists until the activity closes: the history alone would say attempt 1.
        assertFalse(
                trace.timeline().stream().anyMatch(e -> e.get("type").asText().equals("activity_started")));
        assertTrue(activity.attempt() >= 3, "attempt " + activity.attempt());
        assertEquals(1000, activity.pending().maximumAttempts());
        assertEquals("ledger rejected: gateway down", activity.failureMessage());
        assertEquals(
                "ledger rejected: gateway down",
                activity.pending().lastFailure().message());
        assertNotNull(activity.pending().lastWorkerIdentity());
        assertEquals(activity.pending().lastWorkerIdentity(), activity.workerIdentity());
        assertEquals(0, trace.failedActivities());
        client.newUntypedWorkflowStub(id).terminate("test done");
    }

    @Test
    void aFailedWorkflowTaskIsTraced() {
        String id = "flaky-" + UUID.randomUUID();
        assertEquals("recovered", stub(TraceWorkflows.FlakyCode.class, id).run());

        WorkflowTrace trace = fold(id, 20).trace(List.of());

        assertEquals(1, trace.workflowTaskProblems().size());
        var problem = trace.workflowTaskProblems().get(0);
        assertEquals("failed", problem.kind());
        // The SDK wraps the workflow code's exception; the cause chain carries it.
        var cause = problem.failure().causes().stream()
                .filter(c -> "bug in workflow code".equals(c.message()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("cause chain " + problem.failure()));
        assertEquals("java.lang.IllegalStateException", cause.type());
        assertTrue(timelineTypes(trace).contains("workflow_task_failed"));
    }

    @Test
    void recentEventsAreTheNewestNNewestFirstWithDecodedDetails() {
        String id = "charge-" + UUID.randomUUID();
        stub(TraceWorkflows.RetryingCharge.class, id).run(new Order("o-5", 1, List.of()));
        List<HistoryEvent> all = client.fetchHistory(id).getEvents();

        HistoryFolder builder = fold(id, 4);
        var recent = builder.recentEvents();

        assertEquals(4, recent.size());
        assertEquals(all.get(all.size() - 1).getEventId(), recent.get(0).eventId());
        assertEquals(all.get(all.size() - 4).getEventId(), recent.get(3).eventId());
        assertEquals("WorkflowExecutionCompleted", recent.get(0).eventType());
        JsonNode result = recent.get(0).details().toTree().at("/result/payloads/0");
        assertEquals("o-5", result.get("orderId").asText());
        assertEquals(12.5, result.get("total").asDouble());
        assertTrue(recent.stream()
                .allMatch(e -> e.details() != null && !e.details().toTree().isEmpty()
                        || e.eventType().equals("WorkflowTaskScheduled")));
    }

    @Test
    void aFoldedHistoryKnowsWhichRunOfAChainItIs() {
        String id = "countdown-" + UUID.randomUUID();
        stub(ChainWorkflows.Countdown.class, id).run(2);
        var stubs = client.getWorkflowServiceStubs().blockingStub();
        var latest = stubs.describeWorkflowExecution(
                        io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                                .setNamespace("default")
                                .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                                        .setWorkflowId(id))
                                .build())
                .getWorkflowExecutionInfo();
        HistoryFolder second = fold(id, 0);
        String firstRunId = second.runFacts().previousRunId();
        HistoryFolder first = HistoryFolder.forDetails(0);
        first.accept(client.fetchHistory(id, firstRunId).getEvents());

        // The history read while describe named the latest run is that run's; the run it continued is not.
        assertTrue(second.isRunDescribedBy(latest));
        assertFalse(first.isRunDescribedBy(latest));
        assertFalse(HistoryFolder.forDetails(0).isRunDescribedBy(latest), "nothing folded is no run");
    }
}
