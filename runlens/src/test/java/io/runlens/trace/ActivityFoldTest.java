package io.runlens.trace;

import static io.runlens.support.HistoryFixtures.describe;
import static io.runlens.trace.FoldFixtures.all;
import static io.runlens.trace.FoldFixtures.args;
import static io.runlens.trace.FoldFixtures.entryFor;
import static io.runlens.trace.FoldFixtures.events;
import static io.runlens.trace.FoldFixtures.feed;
import static io.runlens.trace.FoldFixtures.json;
import static io.runlens.trace.FoldFixtures.millisBetween;
import static io.runlens.trace.FoldFixtures.only;
import static io.runlens.trace.FoldFixtures.time;
import static io.runlens.trace.FoldFixtures.types;
import static io.runlens.trace.FoldFixtures.upTo;
import static io.runlens.trace.FoldFixtures.wrapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.Durations;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ActivityFold} alone, over the recorded histories of both SDKs (and describe's pending state
 * where the run was recorded open). Every expected value is read from the recording's own events.
 */
class ActivityFoldTest {

    private final FoldContext context = FoldFixtures.forDetails();

    private static boolean isActivityEvent(HistoryEvent event) {
        return switch (event.getEventType()) {
            case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
                    EVENT_TYPE_ACTIVITY_TASK_STARTED,
                    EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
                    EVENT_TYPE_ACTIVITY_TASK_FAILED,
                    EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
                    EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED,
                    EVENT_TYPE_ACTIVITY_TASK_CANCELED -> true;
            default -> false;
        };
    }

    private static ActivityFold fold(FoldContext context, List<HistoryEvent> events) {
        ActivityFold fold = new ActivityFold(context);
        feed(context, events, ActivityFoldTest::isActivityEvent, fold::apply);
        return fold;
    }

    private ActivityFold fold(List<HistoryEvent> events) {
        return fold(context, events);
    }

    private static ActivityExecution single(List<ActivityExecution> activities) {
        assertEquals(1, activities.size(), "activities: " + activities);
        return activities.get(0);
    }

    private static Instant instant(com.google.protobuf.Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    // Retries

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void anActivityThatExhaustedItsRetriesFailedOnItsLastAttempt(String sdk) {
        List<HistoryEvent> events = events(sdk, "activity-retries-exhausted.json");
        HistoryEvent scheduled = only(events, HistoryEvent::hasActivityTaskScheduledEventAttributes);
        HistoryEvent started = only(events, HistoryEvent::hasActivityTaskStartedEventAttributes);
        HistoryEvent failed = only(events, HistoryEvent::hasActivityTaskFailedEventAttributes);
        ActivityTaskScheduledEventAttributes request = scheduled.getActivityTaskScheduledEventAttributes();
        var closing = failed.getActivityTaskFailedEventAttributes();

        ActivityExecution activity = single(fold(events).executions(List.of()));

        // The retry policy allows 3 attempts, and the one Started event (written at close) is the 3rd:
        // the activity failed on its last attempt.
        int maximumAttempts = request.getRetryPolicy().getMaximumAttempts();
        assertEquals(3, maximumAttempts);
        assertEquals(
                maximumAttempts, started.getActivityTaskStartedEventAttributes().getAttempt());
        assertEquals(ActivityStatus.FAILED, activity.status());
        assertEquals(maximumAttempts, activity.attempt());
        assertEquals(RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED, closing.getRetryState());
        assertEquals("maximum_attempts_reached", activity.retryState());

        assertEquals(request.getActivityId(), activity.activityId());
        assertEquals(request.getActivityType().getName(), activity.activityType());
        assertEquals(request.getTaskQueue().getName(), activity.taskQueue());
        assertEquals(scheduled.getEventId(), activity.scheduledEventId());
        assertEquals(time(scheduled), activity.scheduledTime());
        assertEquals(time(started), activity.startedTime());
        assertEquals(time(failed), activity.completedTime());
        assertEquals(millisBetween(started, failed), activity.durationMs());
        assertEquals(closing.getIdentity(), activity.workerIdentity());
        // The workflow's argument "overdraft" is the activity's only argument, a string.
        assertEquals(wrapped(json(request.getInput().getPayloads(0))), activity.input());
        assertNull(activity.result());
        assertNull(activity.pending());

        // The last attempt's failure: "ledger rejected: overdraft (attempt 3)", type LedgerRejected,
        // details {"account":"acc-9"}, caused by "account locked".
        Failure recorded = closing.getFailure();
        assertTrue(recorded.getMessage().endsWith("(attempt " + maximumAttempts + ")"), recorded.getMessage());
        assertEquals(recorded.getMessage(), activity.failureMessage());
        FailureInfo failure = activity.failure();
        assertEquals(recorded.getMessage(), failure.message());
        assertEquals("LedgerRejected", failure.type());
        assertEquals(recorded.getApplicationFailureInfo().getType(), failure.type());
        assertEquals(json(recorded.getApplicationFailureInfo().getDetails().getPayloads(0)), failure.details());
        assertEquals(1, failure.causes().size());
        assertEquals("account locked", recorded.getCause().getMessage());
        assertEquals(recorded.getCause().getMessage(), failure.causes().get(0).message());

        assertEquals(
                List.of("activity_scheduled", "activity_started", "activity_failed"),
                types(context.timeline().entries()));
        TimelineEntry entry = entryFor(context, failed.getEventId());
        assertEquals(maximumAttempts, entry.get("attempt").asInt());
        assertEquals("maximum_attempts_reached", entry.get("retry_state").asText());
        assertEquals(recorded.getMessage(), entry.get("failure_message").asText());
        assertEquals(scheduled.getEventId(), entry.get("scheduled_event_id").asLong());
        assertEquals(request.getActivityId(), entry.get("activity_id").asText());
        assertEquals(
                started.getActivityTaskStartedEventAttributes().getAttempt(),
                entryFor(context, started.getEventId()).get("attempt").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aStillRetryingActivityTakesItsAttemptAndLastFailureFromDescribe(String sdk) {
        List<HistoryEvent> events = events(sdk, "activity-still-retrying.json");
        HistoryEvent scheduled = only(events, HistoryEvent::hasActivityTaskScheduledEventAttributes);
        DescribeWorkflowExecutionResponse described = describe(sdk, "activity-still-retrying.describe.json");
        PendingActivityInfo pending = described.getPendingActivities(0);
        ActivityFold fold = fold(events);

        // The history alone has only ActivityTaskScheduled: scheduled, first attempt, nothing else known.
        ActivityExecution fromHistory = single(fold.executions(List.of()));
        assertEquals(ActivityStatus.SCHEDULED, fromHistory.status());
        assertEquals(1, fromHistory.attempt());
        assertNull(fromHistory.startedTime());
        assertNull(fromHistory.failureMessage());
        assertNull(fromHistory.pending());

        ActivityExecution activity = single(fold.executions(described.getPendingActivitiesList()));
        // Describe, read just before the history, has attempt >= 3 of the policy's 50, and the failure
        // of the attempt before it.
        assertTrue(pending.getAttempt() >= 3, "attempt " + pending.getAttempt());
        assertEquals(pending.getAttempt(), activity.attempt());
        assertEquals(pending.getAttempt(), activity.pending().attempt());
        int maximumAttempts = scheduled
                .getActivityTaskScheduledEventAttributes()
                .getRetryPolicy()
                .getMaximumAttempts();
        assertEquals(50, maximumAttempts);
        assertEquals(maximumAttempts, activity.pending().maximumAttempts());
        assertEquals(
                "ledger rejected: gateway down (attempt " + (pending.getAttempt() - 1) + ")",
                pending.getLastFailure().getMessage());
        assertEquals(pending.getLastFailure().getMessage(), activity.failureMessage());
        assertEquals(
                pending.getLastFailure().getMessage(),
                activity.pending().lastFailure().message());
        assertEquals("LedgerRejected", activity.pending().lastFailure().type());
        // The recording service says STARTED between two attempts too (README, quirk 3): shown as is.
        assertEquals(PendingActivityState.PENDING_ACTIVITY_STATE_STARTED, pending.getState());
        assertEquals("started", activity.pending().state());
        assertEquals(ActivityStatus.STARTED, activity.status());
        assertEquals(instant(pending.getLastStartedTime()), activity.startedTime());
        assertEquals(instant(pending.getLastStartedTime()), activity.pending().lastStartedTime());
        assertEquals(instant(pending.getExpirationTime()), activity.pending().expirationTime());
        assertEquals(pending.getLastWorkerIdentity(), activity.workerIdentity());
        assertEquals(pending.getLastWorkerIdentity(), activity.pending().lastWorkerIdentity());
        // Not closed: no closing failure, retry state, close time or duration.
        assertNull(activity.failure());
        assertNull(activity.retryState());
        assertNull(activity.completedTime());
        assertNull(activity.durationMs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void pendingStateIsMergedOnlyIntoTheOpenActivityOfItsId(String sdk) {
        PendingActivityInfo pending =
                describe(sdk, "activity-still-retrying.describe.json").getPendingActivities(0);

        PendingActivityInfo otherId = pending.toBuilder()
                .setActivityId(pending.getActivityId() + "-other")
                .build();
        ActivityExecution open =
                single(fold(events(sdk, "activity-still-retrying.json")).executions(List.of(otherId)));
        assertNull(open.pending());
        assertEquals(ActivityStatus.SCHEDULED, open.status());
        assertEquals(1, open.attempt());

        // The same id as a closed activity: the closed one keeps what its history says.
        List<HistoryEvent> exhausted = events(sdk, "activity-retries-exhausted.json");
        String closedId = only(exhausted, HistoryEvent::hasActivityTaskScheduledEventAttributes)
                .getActivityTaskScheduledEventAttributes()
                .getActivityId();
        PendingActivityInfo sameIdAsClosed =
                pending.toBuilder().setActivityId(closedId).setAttempt(7).build();
        ActivityExecution closed =
                single(fold(FoldFixtures.forDetails(), exhausted).executions(List.of(sameIdAsClosed)));
        assertNull(closed.pending());
        assertEquals(ActivityStatus.FAILED, closed.status());
        assertEquals(3, closed.attempt());
    }

    @Test
    void aHeartbeatingActivityShowsItsLastHeartbeatFromDescribe() {
        List<HistoryEvent> events = events("java", "heartbeat-details.json");
        PendingActivityInfo pending =
                describe("java", "heartbeat-details.describe.json").getPendingActivities(0);

        ActivityExecution activity = single(fold(events).executions(List.of(pending)));

        // {"step":N,"of":600}, as the activity last heartbeat it.
        assertEquals(
                json(pending.getHeartbeatDetails().getPayloads(0)),
                activity.pending().heartbeatDetails());
        assertEquals(600, activity.pending().heartbeatDetails().get("of").asInt());
        assertEquals(instant(pending.getLastHeartbeatTime()), activity.pending().lastHeartbeatTime());
        assertEquals(ActivityStatus.STARTED, activity.status());
        assertEquals(instant(pending.getLastStartedTime()), activity.startedTime());
        // maximumAttempts 1 in its retry policy: the first attempt, with nothing failed yet.
        assertEquals(1, activity.attempt());
        assertEquals(1, activity.pending().maximumAttempts());
        assertNull(activity.failureMessage());
    }

    // Timeouts

    static Stream<Arguments> timeouts() {
        List<Arguments> cases = new ArrayList<>();
        for (String sdk : List.of("java", "typescript")) {
            cases.add(Arguments.of(sdk, "activity-timeout-start-to-close.json", "start_to_close"));
            cases.add(Arguments.of(sdk, "activity-timeout-schedule-to-close.json", "schedule_to_close"));
            cases.add(Arguments.of(sdk, "activity-timeout-schedule-to-start.json", "schedule_to_start"));
            cases.add(Arguments.of(sdk, "activity-timeout-heartbeat.json", "heartbeat"));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("timeouts")
    void eachKindOfTimeoutTimesTheActivityOut(String sdk, String file, String kind) {
        List<HistoryEvent> events = events(sdk, file);
        HistoryEvent scheduled = only(events, HistoryEvent::hasActivityTaskScheduledEventAttributes);
        HistoryEvent timedOut = only(events, HistoryEvent::hasActivityTaskTimedOutEventAttributes);
        var closing = timedOut.getActivityTaskTimedOutEventAttributes();
        TimeoutType recordedKind = closing.getFailure().getTimeoutFailureInfo().getTimeoutType();
        assertEquals("TIMEOUT_TYPE_" + kind.toUpperCase(java.util.Locale.ROOT), recordedKind.name(), "the recording");

        ActivityExecution activity = single(fold(events).executions(List.of()));

        assertEquals(ActivityStatus.TIMED_OUT, activity.status());
        assertEquals("TimeoutFailure", activity.failure().type());
        assertEquals(kind, activity.failure().timeoutType());
        // Schedule-to-start and schedule-to-close get retry state TIMEOUT, the others ran out of
        // attempts (README, quirk 2): the fold shows the recorded one.
        String retryState = switch (closing.getRetryState()) {
            case RETRY_STATE_TIMEOUT -> "timeout";
            case RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED -> "maximum_attempts_reached";
            default -> fail("unexpected retry state in the recording: " + closing.getRetryState());
        };
        assertEquals(retryState, activity.retryState());
        // Timeout failures have no message in these recordings (quirk 2): the answer names the timeout instead,
        // in Temporal's words, so a dashboard never shows an empty failure message.
        assertEquals("", closing.getFailure().getMessage());
        String named = switch (kind) {
            case "start_to_close" -> "StartToClose timeout";
            case "schedule_to_close" -> "ScheduleToClose timeout";
            case "schedule_to_start" -> "ScheduleToStart timeout";
            case "heartbeat" -> "Heartbeat timeout";
            default -> throw new IllegalArgumentException(kind);
        };
        assertEquals(named, activity.failureMessage());
        assertEquals(
                named,
                entryFor(context, timedOut.getEventId()).get("failure_message").asText());

        // No ActivityTaskStarted before a timeout in these recordings (quirk 1): no start is invented,
        // and the duration runs from scheduling to the timeout...
        assertNull(activity.startedTime());
        assertEquals(time(timedOut), activity.completedTime());
        assertEquals(millisBetween(scheduled, timedOut), activity.durationMs());
        // ...which is at least the timeout of that kind the Scheduled event set.
        var request = scheduled.getActivityTaskScheduledEventAttributes();
        long limitMs = Durations.toMillis(
                switch (kind) {
                    case "start_to_close" -> request.getStartToCloseTimeout();
                    case "schedule_to_close" -> request.getScheduleToCloseTimeout();
                    case "schedule_to_start" -> request.getScheduleToStartTimeout();
                    case "heartbeat" -> request.getHeartbeatTimeout();
                    default -> throw new IllegalArgumentException(kind);
                });
        assertTrue(limitMs > 0 && activity.durationMs() >= limitMs, activity.durationMs() + " ms, limit " + limitMs);

        assertEquals(
                List.of("activity_scheduled", "activity_timed_out"),
                types(context.timeline().entries()));
        TimelineEntry entry = entryFor(context, timedOut.getEventId());
        assertEquals(kind, entry.get("timeout_type").asText());
        assertEquals(retryState, entry.get("retry_state").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aStartToCloseTimeoutOnTheLastAttemptKeepsTheNestedTimeoutAsItsCause(String sdk) {
        List<HistoryEvent> events = events(sdk, "activity-timeout-start-to-close.json");
        Failure recorded = only(events, HistoryEvent::hasActivityTaskTimedOutEventAttributes)
                .getActivityTaskTimedOutEventAttributes()
                .getFailure();
        assertEquals(
                TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
                recorded.getCause().getTimeoutFailureInfo().getTimeoutType());

        FailureInfo failure = single(fold(events).executions(List.of())).failure();

        assertEquals(1, failure.causes().size());
        assertEquals("TimeoutFailure", failure.causes().get(0).type());
        assertEquals("start_to_close", failure.causes().get(0).timeoutType());
    }

    // Cancellation

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void anActivityCancelledWhileRunningIsCancelRequestedThenCancelled(String sdk) {
        List<HistoryEvent> events = events(sdk, "cancelled-while-activity-runs.json");
        HistoryEvent scheduled = only(events, HistoryEvent::hasActivityTaskScheduledEventAttributes);
        HistoryEvent requested = only(events, HistoryEvent::hasActivityTaskCancelRequestedEventAttributes);
        HistoryEvent cancelled = only(events, HistoryEvent::hasActivityTaskCanceledEventAttributes);
        assertTrue(requested.getEventId() < cancelled.getEventId());

        // Up to the cancel request the workflow waits for the activity to stop (WAIT_CANCELLATION_COMPLETED).
        ActivityExecution waiting = single(fold(FoldFixtures.forDetails(), upTo(events, requested.getEventId()))
                .executions(List.of()));
        assertEquals(ActivityStatus.CANCEL_REQUESTED, waiting.status());
        assertNull(waiting.completedTime());

        ActivityExecution activity = single(fold(events).executions(List.of()));
        assertEquals(ActivityStatus.CANCELLED, activity.status());
        assertEquals(time(cancelled), activity.completedTime());
        // No Started event before a cancellation in these recordings (quirk 1).
        assertEquals(millisBetween(scheduled, cancelled), activity.durationMs());
        assertNull(activity.failure());
        assertNull(activity.failureMessage());
        assertNull(activity.retryState());
        // Two arguments (600 steps, 100 ms apart).
        assertEquals(
                args(scheduled
                        .getActivityTaskScheduledEventAttributes()
                        .getInput()
                        .getPayloadsList()),
                activity.input());
        assertEquals(
                List.of("activity_scheduled", "activity_cancel_requested", "activity_cancelled"),
                types(context.timeline().entries()));
    }

    // Completion, grouping, payloads

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void parallelActivitiesAreGroupedByTheirScheduledEventEachCompletingFirstTime(String sdk) {
        List<HistoryEvent> events = events(sdk, "plain-success.json");
        List<HistoryEvent> scheduled = all(events, HistoryEvent::hasActivityTaskScheduledEventAttributes);
        assertEquals(3, scheduled.size());

        List<ActivityExecution> activities = fold(events).executions(List.of());

        assertEquals(
                scheduled.stream().map(HistoryEvent::getEventId).toList(),
                activities.stream().map(ActivityExecution::scheduledEventId).toList());
        for (int i = 0; i < scheduled.size(); i++) {
            long id = scheduled.get(i).getEventId();
            // Found by the scheduled event id they name: the Started events of the two parallel
            // activities are written out of order, after the other one's completion.
            HistoryEvent started = only(
                    events,
                    e -> e.hasActivityTaskStartedEventAttributes()
                            && e.getActivityTaskStartedEventAttributes().getScheduledEventId() == id);
            HistoryEvent completed = only(
                    events,
                    e -> e.hasActivityTaskCompletedEventAttributes()
                            && e.getActivityTaskCompletedEventAttributes().getScheduledEventId() == id);
            ActivityExecution activity = activities.get(i);
            assertEquals(ActivityStatus.COMPLETED, activity.status(), "activity " + i);
            assertEquals(1, started.getActivityTaskStartedEventAttributes().getAttempt());
            assertEquals(1, activity.attempt());
            assertEquals(time(started), activity.startedTime());
            assertEquals(time(completed), activity.completedTime());
            assertEquals(millisBetween(started, completed), activity.durationMs());
            assertEquals(
                    wrapped(json(completed
                            .getActivityTaskCompletedEventAttributes()
                            .getResult()
                            .getPayloads(0))),
                    activity.result());
            assertNull(activity.failure());
            assertNull(activity.summary());
        }
        // Greet("o-17"), then Add(3, 0) and Add(2, 0).
        List<Payload> greet = scheduled
                .get(0)
                .getActivityTaskScheduledEventAttributes()
                .getInput()
                .getPayloadsList();
        assertEquals(wrapped(json(greet.get(0))), activities.get(0).input());
        assertEquals(
                args(scheduled
                        .get(1)
                        .getActivityTaskScheduledEventAttributes()
                        .getInput()
                        .getPayloadsList()),
                activities.get(1).input());
    }

    @Test
    void bytesAreShownAsLabelledBase64() {
        List<HistoryEvent> events = events("java", "binary-payload.json");
        Payload argument = only(events, HistoryEvent::hasActivityTaskScheduledEventAttributes)
                .getActivityTaskScheduledEventAttributes()
                .getInput()
                .getPayloads(0);
        Payload result = only(events, HistoryEvent::hasActivityTaskCompletedEventAttributes)
                .getActivityTaskCompletedEventAttributes()
                .getResult()
                .getPayloads(0);

        ActivityExecution activity = single(fold(events).executions(List.of()));

        assertEquals(bytes(argument), activity.input());
        assertEquals(bytes(result), activity.result());
    }

    private static ObjectNode bytes(Payload payload) {
        assertEquals("binary/plain", payload.getMetadataOrThrow("encoding").toStringUtf8());
        ObjectNode shown = JsonNodeFactory.instance.objectNode();
        shown.put("encoding", "binary/plain");
        shown.put("base64", Base64.getEncoder().encodeToString(payload.getData().toByteArray()));
        return shown;
    }

    @Test
    void undefinedIsShownAsAPresentNullValueNotAsNoValue() {
        List<HistoryEvent> events = events("typescript", "undefined-payload.json");
        Payload argument = only(events, HistoryEvent::hasActivityTaskScheduledEventAttributes)
                .getActivityTaskScheduledEventAttributes()
                .getInput()
                .getPayloads(0);
        // TypeScript's undefined: one binary/null payload with no data, as argument and as result.
        assertEquals("binary/null", argument.getMetadataOrThrow("encoding").toStringUtf8());
        assertTrue(argument.getData().isEmpty());

        ActivityExecution activity = single(fold(events).executions(List.of()));

        ObjectNode undefined = wrapped(JsonNodeFactory.instance.nullNode());
        assertEquals(undefined, activity.input());
        assertEquals(undefined, activity.result());
        assertEquals(ActivityStatus.COMPLETED, activity.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void theSummaryIsTheScheduledEventsUserMetadataSummary(String sdk) {
        List<HistoryEvent> events = events(sdk, "summaries.json");
        HistoryEvent scheduled = only(events, HistoryEvent::hasActivityTaskScheduledEventAttributes);

        ActivityExecution activity = single(fold(events).executions(List.of()));

        assertEquals(json(scheduled.getUserMetadata().getSummary()), activity.summary());
        assertEquals("Charge card", activity.summary().asText());
    }

    // A stream's fold

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aStreamKeepsOnlyOpenActivitiesAndNoPayloads(String sdk) {
        FoldContext stream = FoldFixtures.forStream();
        assertEquals(List.of(), fold(stream, events(sdk, "plain-success.json")).executions(List.of()));
        assertEquals(List.of(), stream.timeline().entries());

        ActivityExecution open = single(fold(FoldFixtures.forStream(), events(sdk, "activity-still-retrying.json"))
                .executions(List.of()));
        assertEquals(ActivityStatus.SCHEDULED, open.status());
        assertNull(open.input());
    }
}
