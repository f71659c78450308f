package io.runlens.trace;

import io.runlens.payload.EncodedPayload;
import io.runlens.payload.PayloadDecoder;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Folds a workflow history, page by page as it arrives, into a trace: each event goes to the fold of
 * its group (the run itself, activities, local activities, child workflows, timers, signals, updates,
 * workflow-task problems), grouped the way Temporal's UI groups them. Only the groups and the last
 * {@code recentWindow} events are kept, so memory grows with the number of activities, not of
 * events. Pure: no I/O. Payloads that only a codec server can decode are collected as they are met
 * ({@link #encodedPayloads}), for the answer to send to it once.
 */
public final class HistoryFolder implements Consumer<List<HistoryEvent>> {

    private final int recentWindow;
    private final ArrayDeque<HistoryEvent> recent;
    private final List<EncodedPayload> encoded = new ArrayList<>();
    private final FoldContext context;
    private final EventDetails details;
    private final RunFactsFold run;
    private final ActivityFold activities;
    private final LocalActivityFold localActivities;
    private final ChildWorkflowFold children;
    private final TimerFold timers;
    private final SignalFold signals;
    private final UpdateFold updates;
    private final WorkflowTaskFold workflowTasks;
    private long eventCount;
    private long eventBytes;
    private com.google.protobuf.Timestamp latestEventTime;

    private HistoryFolder(int recentWindow, boolean forDetails) {
        this.recentWindow = recentWindow;
        this.recent = new ArrayDeque<>(Math.min(recentWindow, 1024) + 1);
        PayloadDecoder payloads = new PayloadDecoder(encoded::add);
        this.context = FoldContext.of(payloads, forDetails);
        this.details = new EventDetails(payloads);
        this.run = new RunFactsFold(context);
        this.activities = new ActivityFold(context);
        this.localActivities = new LocalActivityFold(context);
        this.children = new ChildWorkflowFold(context);
        this.timers = new TimerFold(context);
        this.signals = new SignalFold(context);
        this.updates = new UpdateFold(context);
        this.workflowTasks = new WorkflowTaskFold(context);
    }

    /** The fold behind a details answer or a step view: the whole trace and the newest {@code recentWindow} events. */
    public static HistoryFolder forDetails(int recentWindow) {
        return new HistoryFolder(recentWindow, true);
    }

    /**
     * The fold behind a live stream: it hands out what each page adds ({@link #follow}) and keeps only
     * what later entries need, the groups still open, by id, type and state. It keeps neither the
     * timeline nor recent events, and it does not decode or keep the payloads no stream event carries
     * (inputs, results, failures of groups, the workflow's input, summaries); {@link #runFacts} still has
     * the workflow's result or failure from its closing event. Its {@link #trace} is not a trace to show.
     */
    public static HistoryFolder forStream() {
        return new HistoryFolder(0, false);
    }

    /**
     * What one history event added: its timeline entry (the shape of {@code trace.timeline[]}), or, for
     * an event the timeline leaves out (workflow task bookkeeping and the like), the event itself in
     * the shape of {@code recent_events[]}. Exactly one of the two is set.
     */
    public record FoldedEvent(long eventId, TimelineEntry timelineEntry, WorkflowEvent event) {}

    /** Folds one page of the history, in event order. */
    @Override
    public void accept(List<HistoryEvent> page) {
        for (HistoryEvent event : page) {
            fold(event);
        }
    }

    /**
     * Folds {@code page} as {@link #accept} does and tells, for each of its events after
     * {@code shownAfter}, what it added; events up to {@code shownAfter} are folded (later entries
     * need their groups) but not described.
     */
    public List<FoldedEvent> follow(List<HistoryEvent> page, long shownAfter) {
        List<FoldedEvent> added = new ArrayList<>(page.size());
        for (HistoryEvent event : page) {
            TimelineEntry entry = fold(event);
            if (event.getEventId() > shownAfter) {
                added.add(
                        entry != null
                                ? new FoldedEvent(event.getEventId(), entry, null)
                                : new FoldedEvent(event.getEventId(), null, details.of(event)));
            }
        }
        return added;
    }

    // Folds one event; returns the timeline entry it made, if any (no event makes more than one).
    private TimelineEntry fold(HistoryEvent event) {
        eventCount++;
        eventBytes += event.getSerializedSize();
        latestEventTime = event.getEventTime();
        context.timeline().next();
        switch (event.getEventType()) {
            case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
                    EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
                    EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
                    EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
                    EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
                    EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
                    EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
                    EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED -> run.apply(event);
            case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
                    EVENT_TYPE_ACTIVITY_TASK_STARTED,
                    EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
                    EVENT_TYPE_ACTIVITY_TASK_FAILED,
                    EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
                    EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED,
                    EVENT_TYPE_ACTIVITY_TASK_CANCELED -> activities.apply(event);
            case EVENT_TYPE_MARKER_RECORDED -> localActivities.apply(event);
            case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
                    EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED,
                    EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED,
                    EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
                    EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED,
                    EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED,
                    EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT,
                    EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED -> children.apply(event);
            case EVENT_TYPE_TIMER_STARTED, EVENT_TYPE_TIMER_FIRED, EVENT_TYPE_TIMER_CANCELED -> timers.apply(event);
            case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> signals.apply(event);
            case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED ->
                updates.apply(event);
            case EVENT_TYPE_WORKFLOW_TASK_FAILED, EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT -> workflowTasks.apply(event);
            default -> {
                // Workflow task bookkeeping and the rest carry nothing a trace shows; recent_events still has them.
            }
        }
        if (recentWindow > 0) {
            if (recent.size() == recentWindow) {
                recent.removeFirst();
            }
            recent.addLast(event);
        }
        return context.timeline().last();
    }

    /** Events folded so far. */
    public long eventCount() {
        return eventCount;
    }

    /** Serialized size of the events folded so far: what Temporal counts as the history's size. */
    public long eventBytes() {
        return eventBytes;
    }

    /** The time of the newest event folded; null before the first. */
    public java.time.Instant latestEventTime() {
        return latestEventTime == null ? null : ProtoValues.instant(latestEventTime);
    }

    /** Whether the events folded are the history of the run {@code info} describes (see {@link RunFactsFold}). */
    public boolean isRunDescribedBy(WorkflowExecutionInfo info) {
        return run.isRunDescribedBy(info);
    }

    /** Facts of the run from its Started and closing events. */
    public RunFacts runFacts() {
        return run.facts();
    }

    /** The trace, with pending activities of DescribeWorkflowExecution merged into their entries. */
    public WorkflowTrace trace(List<PendingActivityInfo> pendingActivities) {
        List<ActivityExecution> activityList = activities.executions(pendingActivities);
        int completed = (int) activityList.stream()
                .filter(a -> a.status() == ActivityStatus.COMPLETED)
                .count();
        int failed = (int) activityList.stream()
                .filter(a -> a.status() == ActivityStatus.FAILED || a.status() == ActivityStatus.TIMED_OUT)
                .count();
        return new WorkflowTrace(
                activityList,
                context.timeline().entries(),
                activityList.size(),
                completed,
                failed,
                localActivities.executions(),
                children.executions(),
                timers.executions(),
                signals.received(),
                updates.executions(),
                workflowTasks.problems());
    }

    /** The last events, newest first, each with its attributes as JSON and payloads decoded. */
    public List<WorkflowEvent> recentEvents() {
        List<WorkflowEvent> events = new ArrayList<>(recent.size());
        Iterator<HistoryEvent> newestFirst = recent.descendingIterator();
        while (newestFirst.hasNext()) {
            events.add(details.of(newestFirst.next()));
        }
        return events;
    }

    /** Payloads met so far that only a codec server can decode, in the order met. */
    public List<EncodedPayload> encodedPayloads() {
        return List.copyOf(encoded);
    }

    /** The payloads met since the last call that only a codec server can decode; they are then forgotten. */
    public List<EncodedPayload> takeEncodedPayloads() {
        List<EncodedPayload> taken = List.copyOf(encoded);
        encoded.clear();
        return taken;
    }
}
