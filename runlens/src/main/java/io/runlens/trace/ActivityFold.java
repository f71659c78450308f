package io.runlens.trace;

import static io.runlens.trace.ProtoValues.emptyToNull;
import static io.runlens.trace.ProtoValues.enumWord;
import static io.runlens.trace.ProtoValues.instant;
import static io.runlens.trace.ProtoValues.millisBetween;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Activities, grouped by their ActivityTaskScheduled event as Temporal's UI groups them, and merged
 * with describe's pending state: a retrying activity has no Started event until it closes, so its
 * attempt, last failure, heartbeat and next attempt come from {@code pendingActivities}.
 */
final class ActivityFold {

    private final FoldContext context;
    private final Map<Long, Activity> activities = new LinkedHashMap<>();

    ActivityFold(FoldContext context) {
        this.context = context;
    }

    void apply(HistoryEvent event) {
        Instant time = instant(event.getEventTime());
        switch (event.getEventType()) {
            case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
                var a = event.getActivityTaskScheduledEventAttributes();
                Activity activity = new Activity(
                        event.getEventId(),
                        a.getActivityId(),
                        a.getActivityType().getName(),
                        time,
                        a.getTaskQueue().getName(),
                        context.keepsPayloads() && a.hasInput()
                                ? context.payloads().asObject(a.getInput())
                                : null,
                        context.keepsPayloads() ? Summaries.of(event, context.payloads()) : null);
                activities.put(event.getEventId(), activity);
                entry("activity_scheduled", event, activity).put("task_queue", activity.taskQueue);
            }
            case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
                var a = event.getActivityTaskStartedEventAttributes();
                Activity activity = activities.get(a.getScheduledEventId());
                if (activity != null) {
                    activity.status = ActivityStatus.STARTED;
                    activity.startedTime = time;
                    activity.attempt = a.getAttempt();
                    activity.workerIdentity = a.getIdentity();
                    // A stream shows no activity's failures: it keeps none of them.
                    activity.lastAttemptFailure = context.keepsPayloads() && a.hasLastFailure()
                            ? context.failures().of(a.getLastFailure())
                            : null;
                    entry("activity_started", event, activity)
                            .put("attempt", a.getAttempt())
                            .put("worker_identity", a.getIdentity());
                }
            }
            case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
                var a = event.getActivityTaskCompletedEventAttributes();
                Activity activity = closed(a.getScheduledEventId(), ActivityStatus.COMPLETED, time, a.getIdentity());
                if (activity != null) {
                    activity.result = context.keepsPayloads() && a.hasResult()
                            ? context.payloads().asObject(a.getResult())
                            : null;
                    entry("activity_completed", event, activity).put("duration_ms", activity.durationMs());
                }
            }
            case EVENT_TYPE_ACTIVITY_TASK_FAILED -> {
                var a = event.getActivityTaskFailedEventAttributes();
                Activity activity = closed(a.getScheduledEventId(), ActivityStatus.FAILED, time, a.getIdentity());
                if (activity != null) {
                    activity.failure = context.failures().of(a.getFailure());
                    activity.retryState = enumWord(a.getRetryState().name(), "RETRY_STATE_");
                    entry("activity_failed", event, activity)
                            .put("failure_message", activity.failure.message())
                            .put("retry_state", activity.retryState)
                            .put("attempt", activity.attempt);
                }
            }
            case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> {
                var a = event.getActivityTaskTimedOutEventAttributes();
                Activity activity = closed(a.getScheduledEventId(), ActivityStatus.TIMED_OUT, time, null);
                if (activity != null) {
                    activity.failure = context.failures().of(a.getFailure());
                    activity.retryState = enumWord(a.getRetryState().name(), "RETRY_STATE_");
                    entry("activity_timed_out", event, activity)
                            .put("failure_message", activity.failure.message())
                            .put("timeout_type", activity.failure.timeoutType())
                            .put("retry_state", activity.retryState);
                }
            }
            case EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED -> {
                Activity activity = activities.get(
                        event.getActivityTaskCancelRequestedEventAttributes().getScheduledEventId());
                if (activity != null) {
                    activity.status = ActivityStatus.CANCEL_REQUESTED;
                    entry("activity_cancel_requested", event, activity);
                }
            }
            case EVENT_TYPE_ACTIVITY_TASK_CANCELED -> {
                var a = event.getActivityTaskCanceledEventAttributes();
                Activity activity = closed(a.getScheduledEventId(), ActivityStatus.CANCELLED, time, a.getIdentity());
                if (activity != null) {
                    entry("activity_cancelled", event, activity);
                }
            }
            default -> throw new IllegalArgumentException("not an activity event: " + event.getEventType());
        }
        if (!context.keepsPayloads()) {
            // A stream needs a group until it closes (later entries name it), never after.
            activities.values().removeIf(Activity::isClosed);
        }
    }

    private Activity closed(long scheduledEventId, ActivityStatus status, Instant time, String identity) {
        Activity activity = activities.get(scheduledEventId);
        if (activity != null) {
            activity.close(status, time, identity);
        }
        return activity;
    }

    private TimelineEntry entry(String type, HistoryEvent event, Activity activity) {
        return context.timeline()
                .add(type, event)
                .put("activity_id", activity.activityId)
                .put("activity_type", activity.activityType)
                .put("scheduled_event_id", activity.scheduledEventId);
    }

    /** The activities in the order they were scheduled, each open one merged with its pending state from describe. */
    List<ActivityExecution> executions(List<PendingActivityInfo> pendingActivities) {
        for (PendingActivityInfo pending : pendingActivities) {
            Activity open = null;
            for (Activity activity : activities.values()) {
                if (activity.activityId.equals(pending.getActivityId()) && !activity.isClosed()) {
                    open = activity;
                }
            }
            if (open != null) {
                open.pending = pending;
            }
        }
        return activities.values().stream().map(this::execution).toList();
    }

    private ActivityExecution execution(Activity activity) {
        PendingActivityState live = activity.pending == null ? null : pendingState(activity.pending);
        int shownAttempt = live != null ? Math.max(activity.attempt, live.attempt()) : activity.attempt;
        ActivityStatus shownStatus = activity.status;
        if (live != null && "cancel_requested".equals(live.state())) {
            shownStatus = ActivityStatus.CANCEL_REQUESTED;
        } else if (live != null && "started".equals(live.state()) && activity.status == ActivityStatus.SCHEDULED) {
            shownStatus = ActivityStatus.STARTED;
        }
        String identity = activity.workerIdentity != null
                ? activity.workerIdentity
                : live == null ? null : live.lastWorkerIdentity();
        FailureInfo shownFailure = activity.failure != null
                ? activity.failure
                : live != null ? live.lastFailure() : activity.lastAttemptFailure;
        Instant shownStart =
                activity.startedTime != null ? activity.startedTime : live == null ? null : live.lastStartedTime();
        return new ActivityExecution(
                activity.activityId,
                activity.activityType,
                shownStatus,
                activity.scheduledTime,
                shownStart,
                activity.completedTime,
                activity.durationMs(),
                shownAttempt,
                identity,
                shownFailure == null ? null : shownFailure.message(),
                activity.input,
                activity.result,
                activity.scheduledEventId,
                emptyToNull(activity.taskQueue),
                activity.failure,
                activity.retryState,
                live,
                activity.summary);
    }

    private PendingActivityState pendingState(PendingActivityInfo p) {
        return new PendingActivityState(
                enumWord(p.getState().name(), "PENDING_ACTIVITY_STATE_"),
                p.getAttempt(),
                p.getMaximumAttempts() == 0 ? null : p.getMaximumAttempts(),
                p.hasLastFailure() ? context.failures().of(p.getLastFailure()) : null,
                p.hasLastHeartbeatTime() ? instant(p.getLastHeartbeatTime()) : null,
                p.hasHeartbeatDetails() ? context.payloads().asObject(p.getHeartbeatDetails()) : null,
                p.hasLastStartedTime() ? instant(p.getLastStartedTime()) : null,
                p.hasNextAttemptScheduleTime() ? instant(p.getNextAttemptScheduleTime()) : null,
                p.hasExpirationTime() ? instant(p.getExpirationTime()) : null,
                emptyToNull(p.getLastWorkerIdentity()));
    }

    /** One scheduled activity as folded so far. */
    private static final class Activity {
        final long scheduledEventId;
        final String activityId;
        final String activityType;
        final Instant scheduledTime;
        final String taskQueue;
        final ObjectNode input;
        final JsonNode summary;
        ActivityStatus status = ActivityStatus.SCHEDULED;
        Instant startedTime;
        Instant completedTime;
        int attempt = 1;
        String workerIdentity;
        ObjectNode result;
        FailureInfo failure;
        FailureInfo lastAttemptFailure;
        String retryState;
        PendingActivityInfo pending;

        Activity(
                long scheduledEventId,
                String activityId,
                String activityType,
                Instant scheduledTime,
                String taskQueue,
                ObjectNode input,
                JsonNode summary) {
            this.scheduledEventId = scheduledEventId;
            this.activityId = activityId;
            this.activityType = activityType;
            this.scheduledTime = scheduledTime;
            this.taskQueue = taskQueue;
            this.input = input;
            this.summary = summary;
        }

        boolean isClosed() {
            return completedTime != null;
        }

        void close(ActivityStatus status, Instant time, String identity) {
            this.status = status;
            this.completedTime = time;
            if (identity != null && !identity.isEmpty()) {
                this.workerIdentity = identity;
            }
        }

        Double durationMs() {
            return millisBetween(startedTime != null ? startedTime : scheduledTime, completedTime);
        }
    }
}
