package io.runlens.trace;

import static io.runlens.trace.ProtoValues.emptyToNull;
import static io.runlens.trace.ProtoValues.enumWord;
import static io.runlens.trace.ProtoValues.instant;
import static io.runlens.trace.ProtoValues.millisBetween;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Child workflows, grouped by their StartChildWorkflowExecutionInitiated event as Temporal's UI groups them. */
final class ChildWorkflowFold {

    private final FoldContext context;
    private final Map<Long, Child> children = new LinkedHashMap<>();

    ChildWorkflowFold(FoldContext context) {
        this.context = context;
    }

    void apply(HistoryEvent event) {
        Instant time = instant(event.getEventTime());
        switch (event.getEventType()) {
            case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED -> {
                var a = event.getStartChildWorkflowExecutionInitiatedEventAttributes();
                Child child = new Child(
                        event.getEventId(),
                        a.getNamespace(),
                        a.getWorkflowId(),
                        a.getWorkflowType().getName(),
                        time,
                        context.keepsPayloads() && a.hasInput()
                                ? context.payloads().asObject(a.getInput())
                                : null,
                        context.keepsPayloads() ? Summaries.of(event, context.payloads()) : null);
                children.put(event.getEventId(), child);
                entry("child_workflow_initiated", event, child);
            }
            case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED -> {
                var a = event.getStartChildWorkflowExecutionFailedEventAttributes();
                Child child = closed(a.getInitiatedEventId(), ChildWorkflowStatus.START_FAILED, time);
                if (child != null) {
                    entry("child_workflow_start_failed", event, child)
                            .put(
                                    "cause",
                                    enumWord(a.getCause().name(), "START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_"));
                }
            }
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED -> {
                var a = event.getChildWorkflowExecutionStartedEventAttributes();
                Child child = children.get(a.getInitiatedEventId());
                if (child != null) {
                    child.status = ChildWorkflowStatus.STARTED;
                    child.startedTime = time;
                    child.runId = a.getWorkflowExecution().getRunId();
                    entry("child_workflow_started", event, child);
                }
            }
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED -> {
                var a = event.getChildWorkflowExecutionCompletedEventAttributes();
                Child child = closed(a.getInitiatedEventId(), ChildWorkflowStatus.COMPLETED, time);
                if (child != null) {
                    child.result = context.keepsPayloads() && a.hasResult()
                            ? context.payloads().asObject(a.getResult())
                            : null;
                    entry("child_workflow_completed", event, child);
                }
            }
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED -> {
                var a = event.getChildWorkflowExecutionFailedEventAttributes();
                Child child = closed(a.getInitiatedEventId(), ChildWorkflowStatus.FAILED, time);
                if (child != null) {
                    child.failure = context.failures().of(a.getFailure());
                    entry("child_workflow_failed", event, child).put("failure_message", child.failure.message());
                }
            }
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED ->
                closedWithEntry(
                        event,
                        event.getChildWorkflowExecutionCanceledEventAttributes().getInitiatedEventId(),
                        ChildWorkflowStatus.CANCELLED);
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT ->
                closedWithEntry(
                        event,
                        event.getChildWorkflowExecutionTimedOutEventAttributes().getInitiatedEventId(),
                        ChildWorkflowStatus.TIMED_OUT);
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED ->
                closedWithEntry(
                        event,
                        event.getChildWorkflowExecutionTerminatedEventAttributes()
                                .getInitiatedEventId(),
                        ChildWorkflowStatus.TERMINATED);
            default -> throw new IllegalArgumentException("not a child workflow event: " + event.getEventType());
        }
        if (!context.keepsPayloads()) {
            children.values().removeIf(child -> child.closedTime != null);
        }
    }

    private Child closed(long initiatedEventId, ChildWorkflowStatus status, Instant time) {
        Child child = children.get(initiatedEventId);
        if (child != null) {
            child.status = status;
            child.closedTime = time;
        }
        return child;
    }

    private void closedWithEntry(HistoryEvent event, long initiatedEventId, ChildWorkflowStatus status) {
        Child child = closed(initiatedEventId, status, instant(event.getEventTime()));
        if (child != null) {
            entry("child_workflow_" + status.word(), event, child);
        }
    }

    private TimelineEntry entry(String type, HistoryEvent event, Child child) {
        TimelineEntry entry = context.timeline()
                .add(type, event)
                .put("workflow_id", child.workflowId)
                .put("workflow_type", child.workflowType)
                .put("initiated_event_id", child.initiatedEventId);
        if (child.runId != null) {
            entry.put("run_id", child.runId);
        }
        return entry;
    }

    List<ChildWorkflowExecution> executions() {
        return children.values().stream()
                .map(child -> new ChildWorkflowExecution(
                        child.initiatedEventId,
                        emptyToNull(child.namespace),
                        child.workflowId,
                        child.runId,
                        child.workflowType,
                        child.status,
                        child.initiatedTime,
                        child.startedTime,
                        child.closedTime,
                        millisBetween(child.startedTime, child.closedTime),
                        child.input,
                        child.result,
                        child.failure,
                        child.summary))
                .toList();
    }

    /** One child workflow as folded so far. */
    private static final class Child {
        final long initiatedEventId;
        final String namespace;
        final String workflowId;
        final String workflowType;
        final Instant initiatedTime;
        final ObjectNode input;
        final JsonNode summary;
        ChildWorkflowStatus status = ChildWorkflowStatus.INITIATED;
        String runId;
        Instant startedTime;
        Instant closedTime;
        JsonNode result;
        FailureInfo failure;

        Child(
                long initiatedEventId,
                String namespace,
                String workflowId,
                String workflowType,
                Instant initiatedTime,
                ObjectNode input,
                JsonNode summary) {
            this.initiatedEventId = initiatedEventId;
            this.namespace = namespace;
            this.workflowId = workflowId;
            this.workflowType = workflowType;
            this.initiatedTime = initiatedTime;
            this.input = input;
            this.summary = summary;
        }
    }
}
