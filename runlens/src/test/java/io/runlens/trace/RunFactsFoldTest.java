package io.runlens.trace;

import static io.runlens.support.HistoryFixtures.describe;
import static io.runlens.trace.FoldFixtures.entryFor;
import static io.runlens.trace.FoldFixtures.events;
import static io.runlens.trace.FoldFixtures.feed;
import static io.runlens.trace.FoldFixtures.first;
import static io.runlens.trace.FoldFixtures.json;
import static io.runlens.trace.FoldFixtures.last;
import static io.runlens.trace.FoldFixtures.only;
import static io.runlens.trace.FoldFixtures.time;
import static io.runlens.trace.FoldFixtures.types;
import static io.runlens.trace.FoldFixtures.wrapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.Durations;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RunFactsFold} alone: the run's Started event, a cancel request and its closing event, over
 * every way the recorded runs of both SDKs closed (completed, failed, cancelled, timed out, continued
 * as new, retried, still open), and chains of runs, whose links must match the next run's recording.
 */
class RunFactsFoldTest {

    private final FoldContext context = FoldFixtures.forDetails();

    private static boolean isRunEvent(HistoryEvent event) {
        return switch (event.getEventType()) {
            case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
                    EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
                    EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
                    EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
                    EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
                    EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
                    EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
                    EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED -> true;
            default -> false;
        };
    }

    private static RunFactsFold fold(FoldContext context, List<HistoryEvent> events) {
        RunFactsFold fold = new RunFactsFold(context);
        feed(context, events, RunFactsFoldTest::isRunEvent, fold::apply);
        return fold;
    }

    private RunFacts facts(String sdk, String file) {
        return fold(FoldFixtures.forDetails(), events(sdk, file)).facts();
    }

    private static WorkflowExecutionStartedEventAttributes started(List<HistoryEvent> events) {
        return first(events).getWorkflowExecutionStartedEventAttributes();
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aCompletedRunHasItsStartCloseInputAndResult(String sdk) {
        List<HistoryEvent> events = events(sdk, "plain-success.json");
        HistoryEvent completed = last(events);
        assertEquals(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, completed.getEventType());
        WorkflowExecutionStartedEventAttributes start = started(events);

        RunFacts run = fold(context, events).facts();

        assertEquals(time(first(events)), run.startTime());
        assertEquals(time(completed), run.closeTime());
        assertEquals(start.getWorkflowType().getName(), run.workflowType());
        assertEquals(start.getTaskQueue().getName(), run.taskQueue());
        assertEquals(1, start.getAttempt());
        assertEquals(1, run.attempt());
        assertEquals("completed", run.closeStatus());
        // {"orderId":"o-17","quantity":3,"tags":[…]} in, {"orderId":"o-17","greeting":…,"total":5} out: objects, shown
        // as themselves.
        assertEquals(json(start.getInput().getPayloads(0)), run.input());
        assertEquals(
                json(completed
                        .getWorkflowExecutionCompletedEventAttributes()
                        .getResult()
                        .getPayloads(0)),
                run.result());
        assertNull(run.failure());
        // A run started by a client: first of its chain, continuing none, handing over to none.
        assertEquals("", run.previousRunId());
        assertEquals("", run.nextRunId());
        assertEquals(start.getOriginalExecutionRunId(), start.getFirstExecutionRunId());
        assertEquals(start.getFirstExecutionRunId(), run.firstRunId());
        assertTrue(run.isFinal());

        assertEquals(
                List.of("workflow_started", "workflow_completed"),
                types(context.timeline().entries()));
        TimelineEntry startedEntry = entryFor(context, first(events).getEventId());
        assertEquals(
                start.getWorkflowType().getName(),
                startedEntry.get("workflow_type").asText());
        assertEquals(
                start.getTaskQueue().getName(), startedEntry.get("task_queue").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aFailedRunHasItsFailure(String sdk) {
        List<HistoryEvent> events = events(sdk, "activity-retries-exhausted.json");
        HistoryEvent failed = last(events);
        var recorded = failed.getWorkflowExecutionFailedEventAttributes().getFailure();

        RunFacts run = fold(context, events).facts();

        assertEquals("failed", run.closeStatus());
        assertEquals(time(failed), run.closeTime());
        assertNull(run.result());
        // "Activity task failed", caused by the activity's last failure, caused by "account locked".
        assertEquals(recorded.getMessage(), run.failure().message());
        assertEquals("ActivityFailure", run.failure().type());
        assertEquals(
                recorded.getCause().getMessage(), run.failure().causes().get(0).message());
        assertEquals("LedgerRejected", run.failure().causes().get(0).type());
        assertEquals("account locked", run.failure().causes().get(1).message());
        // No retry policy on this workflow: nothing follows.
        assertEquals("", run.nextRunId());
        assertTrue(run.isFinal());
        assertEquals(
                recorded.getMessage(),
                entryFor(context, failed.getEventId()).get("failure_message").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aRunCancelledWhileAnActivityRanWasCancelRequestedThenCancelled(String sdk) {
        List<HistoryEvent> events = events(sdk, "cancelled-while-activity-runs.json");
        HistoryEvent requested = only(events, HistoryEvent::hasWorkflowExecutionCancelRequestedEventAttributes);
        HistoryEvent cancelled = last(events);
        assertEquals(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, cancelled.getEventType());

        RunFacts run = fold(context, events).facts();

        assertEquals("cancelled", run.closeStatus());
        assertEquals(time(cancelled), run.closeTime());
        assertNull(run.failure());
        assertNull(run.result());
        assertTrue(run.isFinal());
        assertEquals(
                List.of("workflow_started", "workflow_cancel_requested", "workflow_cancelled"),
                types(context.timeline().entries()));
        // The Java client's reason is the request's cause; the TypeScript client sends none.
        var request = requested.getWorkflowExecutionCancelRequestedEventAttributes();
        TimelineEntry entry = entryFor(context, requested.getEventId());
        assertEquals(request.getCause(), entry.get("cause").asText());
        assertEquals(sdk.equals("java") ? "the customer withdrew the order" : "", request.getCause());
        assertEquals(request.getIdentity(), entry.get("identity").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"workflow-execution-timeout.json", "workflow-run-timeout.json"})
    void aRunThatTimedOutIsTimedOut(String file) {
        List<HistoryEvent> events = events("java", file);
        HistoryEvent timedOut = last(events);
        assertEquals(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT, timedOut.getEventType());

        RunFacts run = fold(context, events).facts();

        assertEquals("timed_out", run.closeStatus());
        assertEquals(time(timedOut), run.closeTime());
        // No sooner than the 2 s its Started event allowed (execution timeout in one, run timeout in the other).
        var start = started(events);
        long limitMs = Math.min(
                Durations.toMillis(start.getWorkflowExecutionTimeout()),
                Durations.toMillis(start.getWorkflowRunTimeout()));
        assertEquals(2_000, limitMs);
        assertTrue(java.time.Duration.between(run.startTime(), run.closeTime()).toMillis() >= limitMs);
        assertEquals("", run.nextRunId());
        assertTrue(run.isFinal());
        assertEquals("workflow_timed_out", types(context.timeline().entries()).get(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aRunStillOpenHasNoClose(String sdk) {
        List<HistoryEvent> events = events(sdk, "workflow-task-failing.json");

        RunFacts run = fold(context, events).facts();

        assertEquals(time(first(events)), run.startTime());
        assertNull(run.closeTime());
        assertNull(run.closeStatus());
        assertFalse(run.isFinal());
        // No input: the workflow takes no argument.
        assertEquals(0, started(events).getInput().getPayloadsCount());
        assertNull(run.input());
    }

    // Chains of runs

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void continueAsNewLinksEachRunToTheNextOneRecorded(String sdk) {
        List<List<HistoryEvent>> runs = List.of(
                events(sdk, "continue-as-new.run1.json"),
                events(sdk, "continue-as-new.run2.json"),
                events(sdk, "continue-as-new.run3.json"));
        String firstRunId = started(runs.get(0)).getOriginalExecutionRunId();

        for (int i = 0; i < runs.size(); i++) {
            List<HistoryEvent> events = runs.get(i);
            RunFacts run = fold(FoldFixtures.forDetails(), events).facts();
            String runId = started(events).getOriginalExecutionRunId();

            // Countdown(3), (2), (1): each run's input is one less.
            assertEquals(wrapped(json(started(events).getInput().getPayloads(0))), run.input(), "run " + (i + 1));
            assertEquals(3 - i, run.input().get("value").asInt());
            assertEquals(firstRunId, run.firstRunId(), "run " + (i + 1));
            assertEquals(time(last(events)), run.closeTime());
            if (i == 0) {
                assertEquals("", run.previousRunId());
            } else {
                assertEquals(started(runs.get(i - 1)).getOriginalExecutionRunId(), run.previousRunId());
            }
            if (i < runs.size() - 1) {
                // The next run's own Started event names it with the id this run handed over to.
                assertEquals("continued_as_new", run.closeStatus());
                assertEquals(started(runs.get(i + 1)).getOriginalExecutionRunId(), run.nextRunId());
                assertFalse(run.isFinal());
                assertFalse(runId.equals(run.nextRunId()));
            } else {
                assertEquals("completed", run.closeStatus());
                assertEquals("", run.nextRunId());
                assertTrue(run.isFinal());
                assertEquals(
                        json(last(events)
                                .getWorkflowExecutionCompletedEventAttributes()
                                .getResult()
                                .getPayloads(0)),
                        run.result().get("value"));
            }
        }
    }

    @Test
    void aWorkflowRetryIsASecondRunOnAttemptTwo() {
        List<HistoryEvent> first = events("java", "workflow-retry-rerun.run1.json");
        List<HistoryEvent> second = events("java", "workflow-retry-rerun.run2.json");
        // The retry policy allows 3 attempts; the second run's Started event says it is attempt 2.
        assertEquals(3, started(first).getRetryPolicy().getMaximumAttempts());
        assertEquals(2, started(second).getAttempt());

        RunFacts failedAttempt = fold(FoldFixtures.forDetails(), first).facts();
        RunFacts retry = fold(context, second).facts();

        assertEquals(1, failedAttempt.attempt());
        // The recording service closes a retried run with ContinuedAsNew (README, quirk 4), where a real
        // server writes WorkflowExecutionFailed with a new run id; either way the run hands over.
        assertEquals("continued_as_new", failedAttempt.closeStatus());
        assertEquals(started(second).getOriginalExecutionRunId(), failedAttempt.nextRunId());
        assertFalse(failedAttempt.isFinal());

        assertEquals(2, retry.attempt());
        assertEquals(started(first).getOriginalExecutionRunId(), retry.previousRunId());
        assertEquals(started(first).getOriginalExecutionRunId(), retry.firstRunId());
        assertEquals("completed", retry.closeStatus());
        assertTrue(retry.isFinal());
        assertEquals(2, entryFor(context, 1).get("attempt").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void theFoldKnowsWhichRunDescribeTellsOf(String sdk) {
        RunFactsFold open = fold(context, events(sdk, "workflow-task-failing.json"));
        WorkflowExecutionInfo itself =
                describe(sdk, "workflow-task-failing.describe.json").getWorkflowExecutionInfo();
        WorkflowExecutionInfo another =
                describe(sdk, "activity-still-retrying.describe.json").getWorkflowExecutionInfo();

        assertTrue(open.isRunDescribedBy(itself));
        assertFalse(open.isRunDescribedBy(another));
        assertFalse(new RunFactsFold(FoldFixtures.forDetails()).isRunDescribedBy(itself), "nothing folded");
    }

    // Payloads

    @Test
    void bytesInAndOutAreShownAsLabelledBase64() {
        List<HistoryEvent> events = events("java", "binary-payload.json");
        Payload in = started(events).getInput().getPayloads(0);
        Payload out = last(events)
                .getWorkflowExecutionCompletedEventAttributes()
                .getResult()
                .getPayloads(0);

        RunFacts run = fold(context, events).facts();

        assertEquals(bytes(in), run.input());
        assertEquals(bytes(out), run.result());
    }

    private static ObjectNode bytes(Payload payload) {
        assertEquals("binary/plain", payload.getMetadataOrThrow("encoding").toStringUtf8());
        ObjectNode shown = JsonNodeFactory.instance.objectNode();
        shown.put("encoding", "binary/plain");
        shown.put("base64", Base64.getEncoder().encodeToString(payload.getData().toByteArray()));
        return shown;
    }

    @Test
    void undefinedInAndOutAreAPresentNullValue() {
        List<HistoryEvent> events = events("typescript", "undefined-payload.json");
        Payload in = started(events).getInput().getPayloads(0);
        assertEquals("binary/null", in.getMetadataOrThrow("encoding").toStringUtf8());

        RunFacts run = fold(context, events).facts();

        ObjectNode undefined = wrapped(JsonNodeFactory.instance.nullNode());
        assertEquals(undefined, run.input());
        assertEquals(undefined, run.result());
        assertEquals("completed", run.closeStatus());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aStreamKeepsTheResultButNotTheInput(String sdk) {
        List<HistoryEvent> events = events(sdk, "plain-success.json");

        RunFacts run = fold(FoldFixtures.forStream(), events).facts();

        assertNull(run.input());
        assertEquals(
                json(last(events)
                        .getWorkflowExecutionCompletedEventAttributes()
                        .getResult()
                        .getPayloads(0)),
                run.result());
        assertEquals("completed", run.closeStatus());
    }
}
