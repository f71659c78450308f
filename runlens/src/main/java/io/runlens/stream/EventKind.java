package io.runlens.stream;

import io.runlens.trace.HistoryFolder.FoldedEvent;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a history event is about, for a stream client that wants only some of them
 * ({@code ?kinds=activity,timer}): the entity its timeline entry or its Temporal event type names.
 */
public enum EventKind {
    /** The workflow run itself: started, signalled-to-cancel, completed, failed, continued as new... */
    WORKFLOW,
    /** Workflow task bookkeeping: scheduled, started, completed, and its failures and timeouts. */
    WORKFLOW_TASK,
    ACTIVITY,
    LOCAL_ACTIVITY,
    CHILD_WORKFLOW,
    TIMER,
    SIGNAL,
    UPDATE,
    /** Markers other than local activities: patches, versions, side effects. */
    MARKER,
    /** Anything else: search attributes, cancellation of external workflows, Nexus operations... */
    OTHER;

    private static final String WORDS =
            Arrays.stream(values()).map(EventKind::word).collect(Collectors.joining(", "));

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every kind: what a stream sends when the client names none. */
    public static Set<EventKind> all() {
        return EnumSet.allOf(EventKind.class);
    }

    /**
     * The kinds {@code values} name: comma-separated, repeated, or both; none named means all.
     *
     * @throws IllegalArgumentException naming the words there are, when one is not a kind
     */
    public static Set<EventKind> parse(List<String> values) {
        EnumSet<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        for (String value : values == null ? List.<String>of() : values) {
            for (String word : value.split(",", -1)) {
                if (word.isEmpty()) {
                    continue;
                }
                kinds.add(Arrays.stream(values())
                        .filter(kind -> kind.word().equals(word))
                        .findFirst()
                        .orElseThrow(() ->
                                new IllegalArgumentException("kinds must be a comma-separated list of " + WORDS)));
            }
        }
        return kinds.isEmpty() ? all() : kinds;
    }

    /** The kind of a folded event: by its timeline entry's type, else by its Temporal event type. */
    public static EventKind of(FoldedEvent event) {
        if (event.timelineEntry() != null) {
            return ofTimelineType(event.timelineEntry().get("type").asText());
        }
        return ofEventType(event.event().eventType());
    }

    static EventKind ofTimelineType(String type) {
        if (type.startsWith("workflow_task_")) {
            return WORKFLOW_TASK;
        }
        if (type.startsWith("workflow_")) {
            return WORKFLOW;
        }
        if (type.startsWith("local_activity_")) {
            return LOCAL_ACTIVITY;
        }
        if (type.startsWith("activity_")) {
            return ACTIVITY;
        }
        if (type.startsWith("child_workflow_")) {
            return CHILD_WORKFLOW;
        }
        if (type.startsWith("timer_")) {
            return TIMER;
        }
        if (type.startsWith("signal_")) {
            return SIGNAL;
        }
        if (type.startsWith("update_")) {
            return UPDATE;
        }
        return type.startsWith("marker_") ? MARKER : OTHER;
    }

    // Temporal's event type names (EventType without EVENT_TYPE_, in PascalCase), as recent_events shows them.
    static EventKind ofEventType(String type) {
        if (type.startsWith("WorkflowTask")) {
            return WORKFLOW_TASK;
        }
        if (type.startsWith("ActivityTask")) {
            return ACTIVITY;
        }
        if (type.startsWith("Timer")) {
            return TIMER;
        }
        if (type.contains("ChildWorkflowExecution")) {
            return CHILD_WORKFLOW;
        }
        if (type.startsWith("WorkflowExecutionUpdate")) {
            return UPDATE;
        }
        if (type.equals("WorkflowExecutionSignaled")
                || type.contains("SignalExternalWorkflowExecution")
                || type.equals("ExternalWorkflowExecutionSignaled")) {
            return SIGNAL;
        }
        if (type.equals("MarkerRecorded")) {
            return MARKER;
        }
        return type.startsWith("WorkflowExecution") ? WORKFLOW : OTHER;
    }
}
