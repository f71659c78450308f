package io.runlens.trace;

import static io.runlens.trace.ProtoValues.instant;
import static io.runlens.trace.ProtoValues.millis;

import io.temporal.api.history.v1.HistoryEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Durable timers, grouped by their TimerStarted event as Temporal's UI groups them. */
final class TimerFold {

    private final FoldContext context;
    private final Map<Long, Timer> timers = new LinkedHashMap<>();

    TimerFold(FoldContext context) {
        this.context = context;
    }

    void apply(HistoryEvent event) {
        switch (event.getEventType()) {
            case EVENT_TYPE_TIMER_STARTED -> {
                var a = event.getTimerStartedEventAttributes();
                Timer timer = new Timer(
                        a.getTimerId(),
                        event.getEventId(),
                        a.hasStartToFireTimeout() ? millis(a.getStartToFireTimeout()) : null,
                        instant(event.getEventTime()));
                timers.put(event.getEventId(), timer);
                entry("timer_started", event, timer).put("start_to_fire_timeout_ms", timer.startToFireTimeoutMs);
            }
            case EVENT_TYPE_TIMER_FIRED -> {
                Timer timer = timers.get(event.getTimerFiredEventAttributes().getStartedEventId());
                if (timer != null) {
                    timer.status = TimerStatus.FIRED;
                    timer.firedTime = instant(event.getEventTime());
                    entry("timer_fired", event, timer);
                }
            }
            case EVENT_TYPE_TIMER_CANCELED -> {
                Timer timer = timers.get(event.getTimerCanceledEventAttributes().getStartedEventId());
                if (timer != null) {
                    timer.status = TimerStatus.CANCELLED;
                    entry("timer_cancelled", event, timer);
                }
            }
            default -> throw new IllegalArgumentException("not a timer event: " + event.getEventType());
        }
        if (!context.keepsPayloads()) {
            timers.values().removeIf(timer -> timer.status != TimerStatus.STARTED);
        }
    }

    private TimelineEntry entry(String type, HistoryEvent event, Timer timer) {
        return context.timeline()
                .add(type, event)
                .put("timer_id", timer.timerId)
                .put("started_event_id", timer.startedEventId);
    }

    List<TimerExecution> executions() {
        return timers.values().stream()
                .map(timer -> new TimerExecution(
                        timer.timerId,
                        timer.startedEventId,
                        timer.status,
                        timer.startToFireTimeoutMs,
                        timer.startedTime,
                        timer.firedTime))
                .toList();
    }

    /** One timer as folded so far. */
    private static final class Timer {
        final String timerId;
        final long startedEventId;
        final Long startToFireTimeoutMs;
        final Instant startedTime;
        TimerStatus status = TimerStatus.STARTED;
        Instant firedTime;

        Timer(String timerId, long startedEventId, Long startToFireTimeoutMs, Instant startedTime) {
            this.timerId = timerId;
            this.startedEventId = startedEventId;
            this.startToFireTimeoutMs = startToFireTimeoutMs;
            this.startedTime = startedTime;
        }
    }
}
