package io.runlens.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.runlens.temporal.TraceModel.ActivityExecution;
import io.runlens.temporal.TraceModel.ChildWorkflowExecution;
import io.runlens.temporal.TraceModel.FailureInfo;
import io.runlens.temporal.TraceModel.HistoryTrace;
import io.runlens.temporal.TraceModel.LocalActivityExecution;
import io.runlens.temporal.TraceModel.PendingState;
import io.runlens.temporal.TraceModel.SignalReceived;
import io.runlens.temporal.TraceModel.TimerExecution;
import io.runlens.temporal.TraceModel.UpdateExecution;
import io.runlens.temporal.TraceModel.WorkflowEvent;
import io.runlens.temporal.TraceModel.WorkflowTaskProblem;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Folds a workflow history, page by page, into a trace. Events are grouped the way Temporal's UI
 * groups them: activities by scheduledEventId, child workflows by initiatedEventId, timers by
 * startedEventId, updates by acceptedEventId. Only the trace and the last {@code recentWindow}
 * events are kept, so memory grows with the number of activities, not of events. Pure: no I/O.
 */
public final class HistoryTraceBuilder implements HistoryFold {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFormat.Printer PROTO_JSON = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final String JAVA_LOCAL_ACTIVITY_MARKER = "LocalActivity";
    private static final String CORE_LOCAL_ACTIVITY_MARKER = "core_local_activity";

    private final int recentWindow;
    private final boolean keepTimeline;
    // False in a stream's fold: no stream event carries a group's payloads, so it neither decodes nor keeps them.
    private final boolean keepPayloads;
    private final ArrayDeque<HistoryEvent> recent;
    private final Map<Long, ActivityState> activities = new LinkedHashMap<>();
    private final List<ObjectNode> timeline = new ArrayList<>();
    private final List<LocalActivityExecution> localActivities = new ArrayList<>();
    private final Map<Long, ChildState> children = new LinkedHashMap<>();
    private final Map<Long, TimerState> timers = new LinkedHashMap<>();
    private final Map<String, Long> openTimerIds = new HashMap<>();
    private final List<SignalReceived> signals = new ArrayList<>();
    private final Map<String, UpdateState> updates = new LinkedHashMap<>();
    private final List<WorkflowTaskProblem> workflowTaskProblems = new ArrayList<>();
    private final RunFacts.Builder run = new RunFacts.Builder();
    private final List<EncodedPayload> encoded = new ArrayList<>();
    private long eventCount;
    private long eventBytes;
    private ObjectNode lastEntry;
    private String startedRunId = "";
    private Instant startedTime;

    public HistoryTraceBuilder(int recentWindow) {
        this(recentWindow, true);
    }

    private HistoryTraceBuilder(int recentWindow, boolean keepTimeline) {
        this.recentWindow = recentWindow;
        this.keepTimeline = keepTimeline;
        this.keepPayloads = keepTimeline;
        this.recent = new ArrayDeque<>(Math.min(recentWindow, 1024) + 1);
    }

    /**
     * A builder for a live stream of the run: it hands out what each page adds ({@link #follow}) and
     * keeps only what later entries need: the groups still open (activities, children, timers,
     * updates) by id, type and state. It keeps neither the timeline nor recent events, and it does
     * not decode or keep the payloads no stream event carries (inputs, results, failures of groups,
     * the workflow's input, summaries); {@link #runFacts} still has the workflow's result or failure
     * from its closing event. Its {@link #trace} is therefore not a trace to show.
     */
    public static HistoryTraceBuilder following() {
        return new HistoryTraceBuilder(0, false);
    }

    /**
     * What one history event added: its timeline entry (the shape of {@code trace.timeline[]}), or, for
     * an event the timeline leaves out (workflow task bookkeeping and the like), the event itself in
     * the shape of {@code recent_events[]}. Exactly one of the two is set.
     */
    public record FoldedEvent(long eventId, ObjectNode timelineEntry, WorkflowEvent event) {
    }

    /**
     * Folds {@code page} as {@link #accept} does and tells, for each of its events after
     * {@code shownAfter}, what it added; events up to {@code shownAfter} are folded (later entries
     * need their activities) but not described.
     */
    public List<FoldedEvent> follow(List<HistoryEvent> page, long shownAfter) {
        return PayloadDecoder.collectingEncoded(encoded, () -> {
            List<FoldedEvent> added = new ArrayList<>(page.size());
            for (HistoryEvent event : page) {
                ObjectNode entry = acceptEvent(event);
                if (event.getEventId() <= shownAfter) {
                    continue;
                }
                added.add(entry != null ? new FoldedEvent(event.getEventId(), entry, null)
                        : new FoldedEvent(event.getEventId(), null, workflowEvent(event)));
            }
            return added;
        });
    }

    /** The payloads met since the last call that only a codec server can decode; they are then forgotten. */
    public List<EncodedPayload> takeEncodedPayloads() {
        List<EncodedPayload> taken = List.copyOf(encoded);
        encoded.clear();
        return taken;
    }

    @Override
    public void accept(List<HistoryEvent> page) {
        PayloadDecoder.collectingEncoded(encoded, () -> {
            acceptPage(page);
            return null;
        });
    }

    /** Payloads met so far that only a codec server can decode, in the order met. */
    public List<EncodedPayload> encodedPayloads() {
        return List.copyOf(encoded);
    }

    private void acceptPage(List<HistoryEvent> page) {
        for (HistoryEvent event : page) {
            acceptEvent(event);
        }
    }

    // Folds one event; returns the timeline entry it made, if any (no event makes more than one).
    private ObjectNode acceptEvent(HistoryEvent event) {
        eventCount++;
        eventBytes += event.getSerializedSize();
        lastEntry = null;
        apply(event);
        if (!keepPayloads) {
            forgetWhatNoStreamEventNeeds(event);
        }
        if (recentWindow > 0) {
            if (recent.size() == recentWindow) {
                recent.removeFirst();
            }
            recent.addLast(event);
        }
        return lastEntry;
    }

    /** Events folded so far. */
    public long eventCount() {
        return eventCount;
    }

    /** Serialized size of the events folded so far: what Temporal counts as the history's size. */
    public long eventBytes() {
        return eventBytes;
    }

    /**
     * Whether the events folded are the history of the run {@code info} describes. Temporal names the
     * run in its Started event ({@code original_execution_run_id}, which a reset keeps from the run it
     * reset, so a reset run never matches and is read again by its id); servers that leave it empty
     * (the in-process test server) are matched by start time, which no two runs of a chain share.
     */
    public boolean isRunDescribedBy(io.temporal.api.workflow.v1.WorkflowExecutionInfo info) {
        if (startedTime == null) {
            return false;
        }
        if (!startedRunId.isEmpty()) {
            return startedRunId.equals(info.getExecution().getRunId());
        }
        return info.hasStartTime() && startedTime.equals(instant(info.getStartTime()));
    }

    /** Facts of the run from its Started and closing events. */
    public RunFacts runFacts() {
        return run.build();
    }

    /** The trace, with pending activities of DescribeWorkflowExecution merged into their entries. */
    public HistoryTrace trace(List<PendingActivityInfo> pendingActivities) {
        return PayloadDecoder.collectingEncoded(encoded, () -> traceWith(pendingActivities));
    }

    private HistoryTrace traceWith(List<PendingActivityInfo> pendingActivities) {
        for (PendingActivityInfo pending : pendingActivities) {
            ActivityState open = null;
            for (ActivityState state : activities.values()) {
                if (state.activityId.equals(pending.getActivityId()) && !state.isClosed()) {
                    open = state;
                }
            }
            if (open != null) {
                open.pending = pending;
            }
        }
        List<ActivityExecution> activityList = activities.values().stream().map(ActivityState::toExecution).toList();
        int completed = (int) activityList.stream().filter(a -> a.status().equals("completed")).count();
        int failed = (int) activityList.stream()
                .filter(a -> a.status().equals("failed") || a.status().equals("timed_out")).count();
        return new HistoryTrace(activityList, List.copyOf(timeline), activityList.size(), completed, failed,
                List.copyOf(localActivities), children.values().stream().map(ChildState::toExecution).toList(),
                timers.values().stream().map(TimerState::toExecution).toList(), List.copyOf(signals),
                updates.values().stream().map(UpdateState::toExecution).toList(), List.copyOf(workflowTaskProblems));
    }

    /** The last events, newest first, each with its attributes as JSON and payloads decoded. */
    public List<WorkflowEvent> recentEvents() {
        return PayloadDecoder.collectingEncoded(encoded, this::buildRecentEvents);
    }

    private List<WorkflowEvent> buildRecentEvents() {
        List<WorkflowEvent> events = new ArrayList<>(recent.size());
        Iterator<HistoryEvent> newestFirst = recent.descendingIterator();
        while (newestFirst.hasNext()) {
            events.add(workflowEvent(newestFirst.next()));
        }
        return events;
    }

    private static WorkflowEvent workflowEvent(HistoryEvent event) {
        return new WorkflowEvent(event.getEventId(), eventTypeName(event.getEventType()), instant(event.getEventTime()),
                details(event));
    }

    private void apply(HistoryEvent event) {
        long id = event.getEventId();
        Instant time = instant(event.getEventTime());
        switch (event.getEventType()) {
            case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> {
                var a = event.getWorkflowExecutionStartedEventAttributes();
                run.started(time, a.getWorkflowType().getName(), a.getTaskQueue().getName(), a.getAttempt(),
                        keepPayloads && a.hasInput() ? PayloadDecoder.asObject(a.getInput()) : null, a.getContinuedExecutionRunId(),
                        a.getFirstExecutionRunId());
                startedRunId = a.getOriginalExecutionRunId();
                startedTime = time;
                entry("workflow_started", event).put("workflow_type", a.getWorkflowType().getName())
                        .put("task_queue", a.getTaskQueue().getName()).put("attempt", a.getAttempt());
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> {
                var a = event.getWorkflowExecutionCompletedEventAttributes();
                run.closed(time, "completed", a.hasResult() ? PayloadDecoder.asObject(a.getResult()) : null, null,
                        a.getNewExecutionRunId());
                entry("workflow_completed", event);
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED -> {
                var a = event.getWorkflowExecutionFailedEventAttributes();
                FailureInfo failure = failure(a.getFailure());
                run.closed(time, "failed", null, failure, a.getNewExecutionRunId());
                entry("workflow_failed", event).put("failure_message", failure.message())
                        .put("retry_state", enumWord(a.getRetryState().name(), "RETRY_STATE_"));
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT -> {
                run.closed(time, "timed_out", null, null,
                        event.getWorkflowExecutionTimedOutEventAttributes().getNewExecutionRunId());
                entry("workflow_timed_out", event);
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED -> {
                run.closed(time, "cancelled", null, null, "");
                entry("workflow_cancelled", event);
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED -> {
                var a = event.getWorkflowExecutionTerminatedEventAttributes();
                run.closed(time, "terminated", null, null, "");
                entry("workflow_terminated", event).put("reason", a.getReason()).put("identity", a.getIdentity());
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW -> {
                var a = event.getWorkflowExecutionContinuedAsNewEventAttributes();
                run.closed(time, "continued_as_new", null, null, a.getNewExecutionRunId());
                entry("workflow_continued_as_new", event).put("new_run_id", a.getNewExecutionRunId());
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED -> {
                var a = event.getWorkflowExecutionCancelRequestedEventAttributes();
                entry("workflow_cancel_requested", event).put("cause", a.getCause()).put("identity", a.getIdentity());
            }
            case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
                var a = event.getActivityTaskScheduledEventAttributes();
                ActivityState state = new ActivityState(id, a.getActivityId(), a.getActivityType().getName(), time,
                        a.getTaskQueue().getName(), keepPayloads && a.hasInput() ? PayloadDecoder.asObject(a.getInput()) : null,
                        keepPayloads ? summary(event) : null);
                activities.put(id, state);
                activityEntry("activity_scheduled", event, state).put("task_queue", state.taskQueue);
            }
            case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
                var a = event.getActivityTaskStartedEventAttributes();
                ActivityState state = activity(a.getScheduledEventId());
                if (state != null) {
                    state.status = "started";
                    state.startedTime = time;
                    state.attempt = a.getAttempt();
                    state.workerIdentity = a.getIdentity();
                    if (a.hasLastFailure()) {
                        state.lastAttemptFailure = failure(a.getLastFailure());
                    }
                    activityEntry("activity_started", event, state).put("attempt", a.getAttempt())
                            .put("worker_identity", a.getIdentity());
                }
            }
            case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
                var a = event.getActivityTaskCompletedEventAttributes();
                ActivityState state = activity(a.getScheduledEventId());
                if (state != null) {
                    state.close("completed", time, a.getIdentity());
                    state.result = keepPayloads && a.hasResult() ? PayloadDecoder.asObject(a.getResult()) : null;
                    activityEntry("activity_completed", event, state).put("duration_ms", state.durationMs());
                }
            }
            case EVENT_TYPE_ACTIVITY_TASK_FAILED -> {
                var a = event.getActivityTaskFailedEventAttributes();
                ActivityState state = activity(a.getScheduledEventId());
                if (state != null) {
                    state.close("failed", time, a.getIdentity());
                    state.failure = failure(a.getFailure());
                    state.retryState = enumWord(a.getRetryState().name(), "RETRY_STATE_");
                    activityEntry("activity_failed", event, state).put("failure_message", state.failure.message())
                            .put("retry_state", state.retryState).put("attempt", state.attempt);
                }
            }
            case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> {
                var a = event.getActivityTaskTimedOutEventAttributes();
                ActivityState state = activity(a.getScheduledEventId());
                if (state != null) {
                    state.close("timed_out", time, null);
                    state.failure = failure(a.getFailure());
                    state.retryState = enumWord(a.getRetryState().name(), "RETRY_STATE_");
                    activityEntry("activity_timed_out", event, state).put("failure_message", state.failure.message())
                            .put("timeout_type", state.failure.timeoutType()).put("retry_state", state.retryState);
                }
            }
            case EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED -> {
                var a = event.getActivityTaskCancelRequestedEventAttributes();
                ActivityState state = activity(a.getScheduledEventId());
                if (state != null) {
                    state.status = "cancel_requested";
                    activityEntry("activity_cancel_requested", event, state);
                }
            }
            case EVENT_TYPE_ACTIVITY_TASK_CANCELED -> {
                var a = event.getActivityTaskCanceledEventAttributes();
                ActivityState state = activity(a.getScheduledEventId());
                if (state != null) {
                    state.close("cancelled", time, a.getIdentity());
                    activityEntry("activity_cancelled", event, state);
                }
            }
            case EVENT_TYPE_MARKER_RECORDED -> localActivity(event, event.getMarkerRecordedEventAttributes());
            case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED -> {
                var a = event.getStartChildWorkflowExecutionInitiatedEventAttributes();
                ChildState child = new ChildState(id, a.getNamespace(), a.getWorkflowId(), a.getWorkflowType().getName(), time,
                        keepPayloads && a.hasInput() ? PayloadDecoder.asObject(a.getInput()) : null,
                        keepPayloads ? summary(event) : null);
                children.put(id, child);
                childEntry("child_workflow_initiated", event, child);
            }
            case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED -> {
                var a = event.getStartChildWorkflowExecutionFailedEventAttributes();
                ChildState child = children.get(a.getInitiatedEventId());
                if (child != null) {
                    child.close("start_failed", time);
                    childEntry("child_workflow_start_failed", event, child)
                            .put("cause", enumWord(a.getCause().name(), "START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_"));
                }
            }
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED -> {
                var a = event.getChildWorkflowExecutionStartedEventAttributes();
                ChildState child = children.get(a.getInitiatedEventId());
                if (child != null) {
                    child.status = "started";
                    child.startedTime = time;
                    child.runId = a.getWorkflowExecution().getRunId();
                    childEntry("child_workflow_started", event, child);
                }
            }
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED -> {
                var a = event.getChildWorkflowExecutionCompletedEventAttributes();
                ChildState child = children.get(a.getInitiatedEventId());
                if (child != null) {
                    child.close("completed", time);
                    child.result = keepPayloads && a.hasResult() ? PayloadDecoder.asObject(a.getResult()) : null;
                    childEntry("child_workflow_completed", event, child);
                }
            }
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED -> {
                var a = event.getChildWorkflowExecutionFailedEventAttributes();
                ChildState child = children.get(a.getInitiatedEventId());
                if (child != null) {
                    child.close("failed", time);
                    child.failure = failure(a.getFailure());
                    childEntry("child_workflow_failed", event, child).put("failure_message", child.failure.message());
                }
            }
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED -> closeChild(event,
                    event.getChildWorkflowExecutionCanceledEventAttributes().getInitiatedEventId(), "cancelled");
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT -> closeChild(event,
                    event.getChildWorkflowExecutionTimedOutEventAttributes().getInitiatedEventId(), "timed_out");
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED -> closeChild(event,
                    event.getChildWorkflowExecutionTerminatedEventAttributes().getInitiatedEventId(), "terminated");
            case EVENT_TYPE_TIMER_STARTED -> {
                var a = event.getTimerStartedEventAttributes();
                TimerState timer = new TimerState(a.getTimerId(), id,
                        a.hasStartToFireTimeout() ? millis(a.getStartToFireTimeout()) : null, time);
                timers.put(id, timer);
                openTimerIds.put(a.getTimerId(), id);
                timerEntry("timer_started", event, timer).put("start_to_fire_timeout_ms", timer.startToFireTimeoutMs);
            }
            case EVENT_TYPE_TIMER_FIRED -> {
                var a = event.getTimerFiredEventAttributes();
                TimerState timer = timers.get(a.getStartedEventId());
                if (timer != null) {
                    timer.status = "fired";
                    timer.firedTime = time;
                    openTimerIds.remove(timer.timerId);
                    timerEntry("timer_fired", event, timer);
                }
            }
            case EVENT_TYPE_TIMER_CANCELED -> {
                var a = event.getTimerCanceledEventAttributes();
                TimerState timer = timers.get(a.getStartedEventId());
                if (timer != null) {
                    timer.status = "cancelled";
                    openTimerIds.remove(timer.timerId);
                    timerEntry("timer_cancelled", event, timer);
                }
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> {
                var a = event.getWorkflowExecutionSignaledEventAttributes();
                signals.add(new SignalReceived(id, a.getSignalName(), time,
                        keepPayloads && a.hasInput() ? PayloadDecoder.asObject(a.getInput()) : null, emptyToNull(a.getIdentity())));
                entry("signal_received", event).put("signal_name", a.getSignalName()).put("identity", a.getIdentity());
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> {
                var a = event.getWorkflowExecutionUpdateAcceptedEventAttributes();
                var input = a.getAcceptedRequest().getInput();
                UpdateState update = new UpdateState(a.getProtocolInstanceId(), input.getName(), id, time,
                        keepPayloads && input.hasArgs() ? PayloadDecoder.asObject(input.getArgs()) : null);
                updates.put(update.updateId, update);
                entry("update_accepted", event).put("update_id", update.updateId).put("name", update.name);
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED -> {
                var a = event.getWorkflowExecutionUpdateCompletedEventAttributes();
                UpdateState update = updates.get(a.getMeta().getUpdateId());
                if (update != null) {
                    update.completedTime = time;
                    if (a.getOutcome().hasFailure()) {
                        update.status = "failed";
                        update.failure = failure(a.getOutcome().getFailure());
                    } else {
                        update.status = "completed";
                        update.result = keepPayloads && a.getOutcome().hasSuccess()
                                ? PayloadDecoder.asObject(a.getOutcome().getSuccess()) : null;
                    }
                    entry("update_completed", event).put("update_id", update.updateId).put("name", update.name)
                            .put("accepted_event_id", a.getAcceptedEventId()).put("status", update.status);
                }
            }
            case EVENT_TYPE_WORKFLOW_TASK_FAILED -> {
                var a = event.getWorkflowTaskFailedEventAttributes();
                FailureInfo failure = a.hasFailure() ? failure(a.getFailure()) : null;
                String cause = enumWord(a.getCause().name(), "WORKFLOW_TASK_FAILED_CAUSE_");
                workflowTaskProblems.add(new WorkflowTaskProblem(id, "failed", time, cause, emptyToNull(a.getIdentity()), failure));
                ObjectNode entry = entry("workflow_task_failed", event).put("cause", cause).put("identity", a.getIdentity());
                if (failure != null) {
                    entry.put("failure_message", failure.message());
                }
            }
            case EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT -> {
                var a = event.getWorkflowTaskTimedOutEventAttributes();
                String timeoutType = enumWord(a.getTimeoutType().name(), "TIMEOUT_TYPE_");
                workflowTaskProblems.add(new WorkflowTaskProblem(id, "timed_out", time, timeoutType, null, null));
                entry("workflow_task_timed_out", event).put("timeout_type", timeoutType);
            }
            default -> {
                // Workflow task bookkeeping and the rest carry nothing a trace shows; recent_events still has them.
            }
        }
    }

    // A stream's fold: a group is needed until it closes (later entries name it), the lists of the trace never.
    private void forgetWhatNoStreamEventNeeds(HistoryEvent event) {
        switch (event.getEventType()) {
            case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
                ActivityState state = activity(event.getActivityTaskStartedEventAttributes().getScheduledEventId());
                if (state != null) {
                    state.lastAttemptFailure = null;
                }
            }
            case EVENT_TYPE_ACTIVITY_TASK_COMPLETED ->
                    activities.remove(event.getActivityTaskCompletedEventAttributes().getScheduledEventId());
            case EVENT_TYPE_ACTIVITY_TASK_FAILED -> activities.remove(event.getActivityTaskFailedEventAttributes().getScheduledEventId());
            case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT ->
                    activities.remove(event.getActivityTaskTimedOutEventAttributes().getScheduledEventId());
            case EVENT_TYPE_ACTIVITY_TASK_CANCELED ->
                    activities.remove(event.getActivityTaskCanceledEventAttributes().getScheduledEventId());
            case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED ->
                    children.remove(event.getStartChildWorkflowExecutionFailedEventAttributes().getInitiatedEventId());
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED ->
                    children.remove(event.getChildWorkflowExecutionCompletedEventAttributes().getInitiatedEventId());
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED ->
                    children.remove(event.getChildWorkflowExecutionFailedEventAttributes().getInitiatedEventId());
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED ->
                    children.remove(event.getChildWorkflowExecutionCanceledEventAttributes().getInitiatedEventId());
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT ->
                    children.remove(event.getChildWorkflowExecutionTimedOutEventAttributes().getInitiatedEventId());
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED ->
                    children.remove(event.getChildWorkflowExecutionTerminatedEventAttributes().getInitiatedEventId());
            case EVENT_TYPE_TIMER_FIRED -> timers.remove(event.getTimerFiredEventAttributes().getStartedEventId());
            case EVENT_TYPE_TIMER_CANCELED -> timers.remove(event.getTimerCanceledEventAttributes().getStartedEventId());
            case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED ->
                    updates.remove(event.getWorkflowExecutionUpdateCompletedEventAttributes().getMeta().getUpdateId());
            default -> {
                // nothing of a group closed
            }
        }
        signals.clear();
        localActivities.clear();
        workflowTaskProblems.clear();
    }

    private void localActivity(HistoryEvent event, MarkerRecordedEventAttributes marker) {
        String name = marker.getMarkerName();
        if (!name.equals(JAVA_LOCAL_ACTIVITY_MARKER) && !name.equals(CORE_LOCAL_ACTIVITY_MARKER)) {
            entry("marker_recorded", event).put("marker_name", name);
            return;
        }
        String activityId;
        String activityType;
        Integer attempt = null;
        if (name.equals(JAVA_LOCAL_ACTIVITY_MARKER)) {
            activityId = markerText(marker, "activityId");
            activityType = markerText(marker, "type");
            JsonNode meta = markerValue(marker, "meta");
            if (meta != null && meta.has("attempt")) {
                attempt = meta.get("attempt").asInt();
            }
        } else {
            // Core-based SDKs (Go, TypeScript, Python, .NET) keep the facts in one "data" payload.
            JsonNode data = markerValue(marker, "data");
            activityId = data == null ? null : data.path("activity_id").asText(null);
            activityType = data == null ? null : data.path("activity_type").asText(null);
            attempt = data == null || !data.has("attempt") ? null : data.get("attempt").asInt();
        }
        FailureInfo failure = marker.hasFailure() ? failure(marker.getFailure()) : null;
        JsonNode result = keepPayloads && marker.containsDetails("result")
                ? PayloadDecoder.asObject(marker.getDetailsOrThrow("result")) : null;
        LocalActivityExecution local = new LocalActivityExecution(activityId, activityType,
                failure == null ? "completed" : "failed", event.getEventId(), instant(event.getEventTime()), attempt, result,
                failure, keepPayloads ? summary(event) : null);
        localActivities.add(local);
        ObjectNode entry = entry(failure == null ? "local_activity_completed" : "local_activity_failed", event)
                .put("activity_id", activityId).put("activity_type", activityType);
        if (attempt != null) {
            entry.put("attempt", attempt);
        }
        if (failure != null) {
            entry.put("failure_message", failure.message());
        }
    }

    // The summary a workflow gives a command (ActivityOptions.setSummary and the like): a payload like any other.
    private static JsonNode summary(HistoryEvent event) {
        if (!event.hasUserMetadata() || !event.getUserMetadata().hasSummary()) {
            return null;
        }
        JsonNode summary = PayloadDecoder.decode(event.getUserMetadata().getSummary());
        return summary.isNull() ? null : summary;
    }

    private static JsonNode markerValue(MarkerRecordedEventAttributes marker, String key) {
        Payloads payloads = marker.getDetailsOrDefault(key, null);
        if (payloads == null || payloads.getPayloadsCount() == 0) {
            return null;
        }
        return PayloadDecoder.decode(payloads.getPayloads(0));
    }

    private static String markerText(MarkerRecordedEventAttributes marker, String key) {
        JsonNode value = markerValue(marker, key);
        return value == null || value.isNull() ? null : value.asText();
    }

    private void closeChild(HistoryEvent event, long initiatedEventId, String status) {
        ChildState child = children.get(initiatedEventId);
        if (child != null) {
            child.close(status, instant(event.getEventTime()));
            childEntry("child_workflow_" + status, event, child);
        }
    }

    private ActivityState activity(long scheduledEventId) {
        return activities.get(scheduledEventId);
    }

    private ObjectNode entry(String type, HistoryEvent event) {
        ObjectNode entry = NODES.objectNode();
        entry.put("type", type);
        entry.put("event_id", event.getEventId());
        entry.put("timestamp", instant(event.getEventTime()).toString());
        if (keepTimeline) {
            timeline.add(entry);
        }
        lastEntry = entry;
        return entry;
    }

    private ObjectNode activityEntry(String type, HistoryEvent event, ActivityState state) {
        return entry(type, event).put("activity_id", state.activityId).put("activity_type", state.activityType)
                .put("scheduled_event_id", state.scheduledEventId);
    }

    private ObjectNode childEntry(String type, HistoryEvent event, ChildState child) {
        ObjectNode entry = entry(type, event).put("workflow_id", child.workflowId).put("workflow_type", child.workflowType)
                .put("initiated_event_id", child.initiatedEventId);
        if (child.runId != null) {
            entry.put("run_id", child.runId);
        }
        return entry;
    }

    private ObjectNode timerEntry(String type, HistoryEvent event, TimerState timer) {
        return entry(type, event).put("timer_id", timer.timerId).put("started_event_id", timer.startedEventId);
    }

    /** A failure and its cause chain (cut after {@link FailureChains#SHOWN_CAUSES} causes), with application details decoded. */
    static FailureInfo failure(Failure failure) {
        List<FailureInfo> causes = new ArrayList<>();
        Failure shown = FailureChains.truncated(failure);
        for (Failure cause = shown.hasCause() ? shown.getCause() : null; cause != null;
                cause = cause.hasCause() ? cause.getCause() : null) {
            causes.add(single(cause, null));
        }
        return single(shown, causes.isEmpty() ? null : causes);
    }

    private static FailureInfo single(Failure failure, List<FailureInfo> causes) {
        String type;
        Boolean nonRetryable = null;
        String timeoutType = null;
        JsonNode details = null;
        switch (failure.getFailureInfoCase()) {
            case APPLICATION_FAILURE_INFO -> {
                var info = failure.getApplicationFailureInfo();
                type = info.getType().isEmpty() ? "ApplicationFailure" : info.getType();
                nonRetryable = info.getNonRetryable();
                if (info.hasDetails()) {
                    details = PayloadDecoder.asObject(info.getDetails());
                }
            }
            case TIMEOUT_FAILURE_INFO -> {
                type = "TimeoutFailure";
                timeoutType = enumWord(failure.getTimeoutFailureInfo().getTimeoutType().name(), "TIMEOUT_TYPE_");
            }
            case CANCELED_FAILURE_INFO -> type = "CanceledFailure";
            case TERMINATED_FAILURE_INFO -> type = "TerminatedFailure";
            case SERVER_FAILURE_INFO -> {
                type = "ServerFailure";
                nonRetryable = failure.getServerFailureInfo().getNonRetryable();
            }
            case RESET_WORKFLOW_FAILURE_INFO -> type = "ResetWorkflowFailure";
            case ACTIVITY_FAILURE_INFO -> type = "ActivityFailure";
            case CHILD_WORKFLOW_EXECUTION_FAILURE_INFO -> type = "ChildWorkflowFailure";
            default -> type = "Failure";
        }
        return new FailureInfo(failure.getMessage(), type, emptyToNull(failure.getSource()),
                emptyToNull(failure.getStackTrace()), nonRetryable, timeoutType, details, causes);
    }

    private static ObjectNode details(HistoryEvent event) {
        Message attributes = attributesOf(event);
        if (attributes == null) {
            return NODES.objectNode();
        }
        attributes = FailureChains.withTruncatedFailures(attributes);
        try {
            JsonNode tree = MAPPER.readTree(PROTO_JSON.print(attributes));
            JsonNode decoded = PayloadDecoder.decodeEmbedded(tree);
            return decoded.isObject() ? (ObjectNode) decoded : NODES.objectNode();
        } catch (IOException e) {
            ObjectNode marker = NODES.objectNode();
            marker.put("undecodable", true);
            marker.put("reason", "attributes could not be rendered as JSON");
            return marker;
        }
    }

    // The attributes are the one field of the event's "attributes" oneof that is set.
    private static Message attributesOf(HistoryEvent event) {
        var field = event.getOneofFieldDescriptor(HistoryEvent.getDescriptor().getOneofs().get(0));
        return field == null ? null : (Message) event.getField(field);
    }

    /** {@code EVENT_TYPE_ACTIVITY_TASK_SCHEDULED} as Temporal's UI and CLI name it: {@code ActivityTaskScheduled}. */
    static String eventTypeName(EventType type) {
        String name = type.name().startsWith("EVENT_TYPE_") ? type.name().substring("EVENT_TYPE_".length()) : type.name();
        StringBuilder camel = new StringBuilder(name.length());
        for (String word : name.split("_")) {
            if (!word.isEmpty()) {
                camel.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
            }
        }
        return camel.toString();
    }

    static String enumWord(String name, String prefix) {
        String word = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
        return word.equals("UNSPECIFIED") || word.equals("UNRECOGNIZED") ? null : word.toLowerCase(Locale.ROOT);
    }

    public static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    static Double millisBetween(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toNanos() / 1_000_000.0;
    }

    private static Long millis(com.google.protobuf.Duration duration) {
        return duration.getSeconds() * 1000L + duration.getNanos() / 1_000_000L;
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static final class ActivityState {
        final long scheduledEventId;
        final String activityId;
        final String activityType;
        final Instant scheduledTime;
        final String taskQueue;
        final ObjectNode input;
        final JsonNode summary;
        String status = "scheduled";
        Instant startedTime;
        Instant completedTime;
        int attempt = 1;
        String workerIdentity;
        ObjectNode result;
        FailureInfo failure;
        FailureInfo lastAttemptFailure;
        String retryState;
        PendingActivityInfo pending;

        ActivityState(long scheduledEventId, String activityId, String activityType, Instant scheduledTime, String taskQueue,
                ObjectNode input, JsonNode summary) {
            this.summary = summary;
            this.scheduledEventId = scheduledEventId;
            this.activityId = activityId;
            this.activityType = activityType;
            this.scheduledTime = scheduledTime;
            this.taskQueue = taskQueue;
            this.input = input;
        }

        boolean isClosed() {
            return completedTime != null;
        }

        void close(String status, Instant time, String identity) {
            this.status = status;
            this.completedTime = time;
            if (identity != null && !identity.isEmpty()) {
                this.workerIdentity = identity;
            }
        }

        Double durationMs() {
            return millisBetween(startedTime != null ? startedTime : scheduledTime, completedTime);
        }

        ActivityExecution toExecution() {
            PendingState live = pending == null ? null : pendingState(pending);
            int shownAttempt = live != null ? Math.max(attempt, live.attempt()) : attempt;
            String shownStatus = status;
            if (live != null && "cancel_requested".equals(live.state())) {
                shownStatus = "cancel_requested";
            } else if (live != null && "started".equals(live.state()) && status.equals("scheduled")) {
                shownStatus = "started";
            }
            String identity = workerIdentity != null ? workerIdentity : live == null ? null : live.lastWorkerIdentity();
            FailureInfo shownFailure = failure != null ? failure : live != null ? live.lastFailure() : lastAttemptFailure;
            Instant shownStart = startedTime != null ? startedTime : live == null ? null : live.lastStartedTime();
            return new ActivityExecution(activityId, activityType, shownStatus, scheduledTime, shownStart, completedTime,
                    durationMs(), shownAttempt, identity, shownFailure == null ? null : shownFailure.message(), input, result,
                    scheduledEventId, emptyToNull(taskQueue), failure, retryState, live, summary);
        }

        private static PendingState pendingState(PendingActivityInfo p) {
            return new PendingState(
                    enumWord(p.getState().name(), "PENDING_ACTIVITY_STATE_"),
                    p.getAttempt(),
                    p.getMaximumAttempts() == 0 ? null : p.getMaximumAttempts(),
                    p.hasLastFailure() ? failure(p.getLastFailure()) : null,
                    p.hasLastHeartbeatTime() ? instant(p.getLastHeartbeatTime()) : null,
                    p.hasHeartbeatDetails() ? PayloadDecoder.asObject(p.getHeartbeatDetails()) : null,
                    p.hasLastStartedTime() ? instant(p.getLastStartedTime()) : null,
                    p.hasNextAttemptScheduleTime() ? instant(p.getNextAttemptScheduleTime()) : null,
                    p.hasExpirationTime() ? instant(p.getExpirationTime()) : null,
                    emptyToNull(p.getLastWorkerIdentity()));
        }
    }

    private static final class ChildState {
        final long initiatedEventId;
        final String namespace;
        final String workflowId;
        final String workflowType;
        final Instant initiatedTime;
        final ObjectNode input;
        final JsonNode summary;
        String status = "initiated";
        String runId;
        Instant startedTime;
        Instant closedTime;
        JsonNode result;
        FailureInfo failure;

        ChildState(long initiatedEventId, String namespace, String workflowId, String workflowType, Instant initiatedTime,
                ObjectNode input, JsonNode summary) {
            this.summary = summary;
            this.initiatedEventId = initiatedEventId;
            this.namespace = namespace;
            this.workflowId = workflowId;
            this.workflowType = workflowType;
            this.initiatedTime = initiatedTime;
            this.input = input;
        }

        void close(String status, Instant time) {
            this.status = status;
            this.closedTime = time;
        }

        ChildWorkflowExecution toExecution() {
            return new ChildWorkflowExecution(initiatedEventId, emptyToNull(namespace), workflowId, runId, workflowType, status,
                    initiatedTime, startedTime, closedTime, millisBetween(startedTime, closedTime), input, result, failure,
                    summary);
        }
    }

    private static final class TimerState {
        final String timerId;
        final long startedEventId;
        final Long startToFireTimeoutMs;
        final Instant startedTime;
        String status = "started";
        Instant firedTime;

        TimerState(String timerId, long startedEventId, Long startToFireTimeoutMs, Instant startedTime) {
            this.timerId = timerId;
            this.startedEventId = startedEventId;
            this.startToFireTimeoutMs = startToFireTimeoutMs;
            this.startedTime = startedTime;
        }

        TimerExecution toExecution() {
            return new TimerExecution(timerId, startedEventId, status, startToFireTimeoutMs, startedTime, firedTime);
        }
    }

    private static final class UpdateState {
        final String updateId;
        final String name;
        final long acceptedEventId;
        final Instant acceptedTime;
        final ObjectNode input;
        String status = "accepted";
        Instant completedTime;
        JsonNode result;
        FailureInfo failure;

        UpdateState(String updateId, String name, long acceptedEventId, Instant acceptedTime, ObjectNode input) {
            this.updateId = updateId;
            this.name = name;
            this.acceptedEventId = acceptedEventId;
            this.acceptedTime = acceptedTime;
            this.input = input;
        }

        UpdateExecution toExecution() {
            return new UpdateExecution(updateId, name, acceptedEventId, status, acceptedTime, completedTime, input, result,
                    failure);
        }
    }
}
