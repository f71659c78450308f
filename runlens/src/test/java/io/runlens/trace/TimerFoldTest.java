package io.runlens.trace;

import static io.runlens.trace.FoldFixtures.all;
import static io.runlens.trace.FoldFixtures.entryFor;
import static io.runlens.trace.FoldFixtures.events;
import static io.runlens.trace.FoldFixtures.feed;
import static io.runlens.trace.FoldFixtures.only;
import static io.runlens.trace.FoldFixtures.time;
import static io.runlens.trace.FoldFixtures.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.Durations;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TimerFold} alone, over {@code signals-and-timers} of both SDKs (a 300 ms timer fires, a 1 h
 * timer is cancelled), {@code summaries} and a Java run that timed out with its timer still running.
 */
class TimerFoldTest {

    private final FoldContext context = FoldFixtures.forDetails();

    private static boolean isTimerEvent(HistoryEvent event) {
        return switch (event.getEventType()) {
            case EVENT_TYPE_TIMER_STARTED, EVENT_TYPE_TIMER_FIRED, EVENT_TYPE_TIMER_CANCELED -> true;
            default -> false;
        };
    }

    private static TimerFold fold(FoldContext context, List<HistoryEvent> events) {
        TimerFold fold = new TimerFold(context);
        feed(context, events, TimerFoldTest::isTimerEvent, fold::apply);
        return fold;
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aTimerFiresAndAnotherIsCancelled(String sdk) {
        List<HistoryEvent> events = events(sdk, "signals-and-timers.json");
        List<HistoryEvent> started = all(events, HistoryEvent::hasTimerStartedEventAttributes);
        HistoryEvent fired = only(events, HistoryEvent::hasTimerFiredEventAttributes);
        HistoryEvent cancelled = only(events, HistoryEvent::hasTimerCanceledEventAttributes);
        assertEquals(2, started.size());

        List<TimerExecution> timers = fold(context, events).executions();

        assertEquals(
                started.stream().map(HistoryEvent::getEventId).toList(),
                timers.stream().map(TimerExecution::startedEventId).toList());

        // The first timer: 300 ms, fired.
        var shortOne = started.get(0).getTimerStartedEventAttributes();
        long shortMs = Durations.toMillis(shortOne.getStartToFireTimeout());
        assertEquals(300, shortMs);
        TimerExecution firedTimer = timers.get(0);
        assertEquals(TimerStatus.FIRED, firedTimer.status());
        assertEquals(shortOne.getTimerId(), firedTimer.timerId());
        assertEquals(shortMs, firedTimer.startToFireTimeoutMs());
        assertEquals(time(started.get(0)), firedTimer.startedTime());
        assertEquals(time(fired), firedTimer.firedTime());
        // It fired no sooner than it was set for.
        assertTrue(java.time.Duration.between(firedTimer.startedTime(), firedTimer.firedTime())
                        .toMillis()
                >= shortMs);

        // The second: one hour, cancelled when the workflow was approved.
        var longOne = started.get(1).getTimerStartedEventAttributes();
        assertEquals(
                longOne.getTimerId(),
                cancelled.getTimerCanceledEventAttributes().getTimerId());
        TimerExecution cancelledTimer = timers.get(1);
        assertEquals(TimerStatus.CANCELLED, cancelledTimer.status());
        assertEquals(longOne.getTimerId(), cancelledTimer.timerId());
        assertEquals(Durations.toMillis(longOne.getStartToFireTimeout()), cancelledTimer.startToFireTimeoutMs());
        assertEquals(3_600_000L, cancelledTimer.startToFireTimeoutMs());
        assertEquals(time(started.get(1)), cancelledTimer.startedTime());
        assertNull(cancelledTimer.firedTime());

        assertEquals(
                List.of("timer_started", "timer_fired", "timer_started", "timer_cancelled"),
                types(context.timeline().entries()));
        assertEquals(
                shortMs,
                entryFor(context, started.get(0).getEventId())
                        .get("start_to_fire_timeout_ms")
                        .asLong());
        assertEquals(
                started.get(1).getEventId(),
                entryFor(context, cancelled.getEventId())
                        .get("started_event_id")
                        .asLong());
        assertEquals(
                longOne.getTimerId(),
                entryFor(context, cancelled.getEventId()).get("timer_id").asText());
    }

    @Test
    void aTimerTheRunTimedOutBeforeStaysStarted() {
        List<HistoryEvent> events = events("java", "workflow-execution-timeout.json");
        HistoryEvent started = only(events, HistoryEvent::hasTimerStartedEventAttributes);
        // A 1 h timer, then WorkflowExecutionTimedOut 2 s into the run: neither fired nor cancelled.
        assertFalse(
                events.stream().anyMatch(e -> e.hasTimerFiredEventAttributes() || e.hasTimerCanceledEventAttributes()));

        TimerExecution timer = fold(context, events).executions().get(0);

        assertEquals(TimerStatus.STARTED, timer.status());
        assertEquals(time(started), timer.startedTime());
        assertNull(timer.firedTime());
        assertEquals(
                Durations.toMillis(started.getTimerStartedEventAttributes().getStartToFireTimeout()),
                timer.startToFireTimeoutMs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aTimerWithASummaryFires(String sdk) {
        List<HistoryEvent> events = events(sdk, "summaries.json");
        HistoryEvent started = only(events, HistoryEvent::hasTimerStartedEventAttributes);
        HistoryEvent fired = only(events, HistoryEvent::hasTimerFiredEventAttributes);
        // "Cool-down before charging": TimerExecution has no summary; the timer itself is traced.
        assertTrue(started.getUserMetadata().hasSummary());

        List<TimerExecution> timers = fold(context, events).executions();

        assertEquals(1, timers.size());
        assertEquals(TimerStatus.FIRED, timers.get(0).status());
        assertEquals(time(fired), timers.get(0).firedTime());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aStreamKeepsOnlyTimersStillRunning(String sdk) {
        FoldContext stream = FoldFixtures.forStream();
        assertEquals(
                List.of(), fold(stream, events(sdk, "signals-and-timers.json")).executions());
        assertEquals(List.of(), stream.timeline().entries());

        List<HistoryEvent> events = events(sdk, "signals-and-timers.json");
        HistoryEvent secondStarted =
                all(events, HistoryEvent::hasTimerStartedEventAttributes).get(1);
        List<TimerExecution> running = fold(
                        FoldFixtures.forStream(), FoldFixtures.upTo(events, secondStarted.getEventId()))
                .executions();
        assertEquals(1, running.size());
        assertEquals(secondStarted.getEventId(), running.get(0).startedEventId());
        assertEquals(TimerStatus.STARTED, running.get(0).status());
    }
}
