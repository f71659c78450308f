package io.runlens.details;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.runlens.details.StepExecutionResponse.Step;
import io.runlens.execution.ColumnConfig;
import io.runlens.execution.ExecutionRecord;
import io.runlens.temporal.TemporalRun;
import io.runlens.trace.ActivityExecution;
import io.runlens.trace.ChildWorkflowExecution;
import io.runlens.trace.FailureInfo;
import io.runlens.trace.LocalActivityExecution;
import io.runlens.trace.WorkflowTrace;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The workflow-automation platform's step view of the same trace the details endpoint shows: activities, local activities
 * and child workflows in execution order, with column mappings applied to their outputs.
 */
@ApplicationScoped
public class StepExecutionMapper {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public StepExecutionResponse toResponse(ExecutionDetails details) {
        ExecutionRecord row = details.row();
        TemporalRun run = details.run();
        ColumnConfig columns = ColumnConfig.lenient(row.columnConfig);
        Instant started =
                row.startedAt != null ? row.startedAt : run.startTime() != null ? run.startTime() : row.createdAt;
        Instant ended =
                row.completedAt != null ? row.completedAt : row.cancelledAt != null ? row.cancelledAt : run.closeTime();
        String error = row.error != null
                ? row.error
                : run.facts() != null && run.facts().failure() != null
                        ? run.facts().failure().message()
                        : null;
        return new StepExecutionResponse(
                row.id.toString(),
                run.runId() != null ? run.runId() : row.temporalRunId != null ? row.temporalRunId : row.id.toString(),
                row.workflowId,
                row.status.word(),
                started,
                ended,
                millis(started, ended),
                row.triggerEventName == null ? "" : row.triggerEventName,
                row.createdAt,
                row.columnConfig,
                steps(run.trace(), columns),
                error,
                new WorkflowDetailsResponse.Sources("ok", run.availability(), run.reason()));
    }

    private static List<Step> steps(WorkflowTrace trace, ColumnConfig columns) {
        record Ordered(long eventId, Step step) {}
        List<Ordered> ordered = new ArrayList<>();
        for (ActivityExecution a : trace.activities()) {
            ordered.add(new Ordered(a.scheduledEventId(), activityStep(a, columns)));
        }
        for (LocalActivityExecution l : trace.localActivities()) {
            ordered.add(new Ordered(
                    l.eventId(),
                    new Step(
                            l.activityId(),
                            l.summary(),
                            l.activityType(),
                            l.failure() == null ? StepStatus.COMPLETED : StepStatus.FAILED,
                            null,
                            l.recordedTime(),
                            null,
                            NODES.objectNode(),
                            l.result(),
                            mapped(l.activityId(), l.result(), columns),
                            error(l.failure()),
                            "local_activity")));
        }
        for (ChildWorkflowExecution c : trace.childWorkflows()) {
            ordered.add(new Ordered(c.initiatedEventId(), childStep(c, columns)));
        }
        ordered.sort(Comparator.comparingLong(Ordered::eventId));
        return ordered.stream().map(Ordered::step).toList();
    }

    private static Step activityStep(ActivityExecution a, ColumnConfig columns) {
        boolean everStarted = a.startedTime() != null;
        StepStatus status = switch (a.status()) {
            case COMPLETED -> StepStatus.COMPLETED;
            case FAILED, TIMED_OUT -> StepStatus.FAILED;
            case STARTED, CANCEL_REQUESTED -> StepStatus.RUNNING;
            // Cancelled before any attempt started: the step never ran.
            case CANCELLED -> everStarted ? StepStatus.FAILED : StepStatus.SKIPPED;
            // Scheduled again after a failed attempt is still running, as far as the step is concerned.
            case SCHEDULED -> a.attempt() > 1 ? StepStatus.RUNNING : StepStatus.PENDING;
        };
        Long duration = a.durationMs() == null || !everStarted ? null : Math.round(a.durationMs());
        FailureInfo failure = a.failure() != null
                ? a.failure()
                : a.pending() != null ? a.pending().lastFailure() : null;
        return new Step(
                a.activityId(),
                a.summary(),
                a.activityType(),
                status,
                a.startedTime(),
                a.completedTime(),
                duration,
                a.input() == null ? NODES.objectNode() : a.input(),
                a.result(),
                mapped(a.activityId(), a.result(), columns),
                error(failure),
                "activity");
    }

    private static Step childStep(ChildWorkflowExecution c, ColumnConfig columns) {
        StepStatus status = switch (c.status()) {
            case INITIATED -> StepStatus.PENDING;
            case STARTED -> StepStatus.RUNNING;
            case COMPLETED -> StepStatus.COMPLETED;
            case CANCELLED -> c.startedTime() == null ? StepStatus.SKIPPED : StepStatus.FAILED;
            case START_FAILED, FAILED, TIMED_OUT, TERMINATED -> StepStatus.FAILED;
        };
        Long duration = c.durationMs() == null ? null : Math.round(c.durationMs());
        return new Step(
                c.workflowId(),
                c.summary(),
                c.workflowType(),
                status,
                c.startedTime(),
                c.closedTime(),
                duration,
                c.input() == null ? NODES.objectNode() : c.input(),
                c.result(),
                mapped(c.workflowId(), c.result(), columns),
                error(c.failure()),
                "child_workflow");
    }

    // A pointer that resolves to nothing maps to null, never to an error.
    private static ObjectNode mapped(String stepId, JsonNode output, ColumnConfig columns) {
        List<ColumnConfig.Mapping> mappings = columns.forStep(stepId);
        if (mappings.isEmpty()) {
            return null;
        }
        ObjectNode values = NODES.objectNode();
        for (ColumnConfig.Mapping mapping : mappings) {
            JsonNode value = output == null ? null : output.at(mapping.path());
            values.set(mapping.column(), value == null || value.isMissingNode() ? NODES.nullNode() : value);
        }
        return values;
    }

    // A bare message when that is all there is; otherwise message, type and stack trace.
    private static JsonNode error(FailureInfo failure) {
        if (failure == null) {
            return null;
        }
        if (failure.type() == null && failure.stackTrace() == null) {
            return TextNode.valueOf(failure.message());
        }
        ObjectNode error = NODES.objectNode();
        error.put("message", failure.message());
        error.put("type", failure.type());
        if (failure.stackTrace() != null) {
            error.put("stack_trace", failure.stackTrace());
        }
        return error;
    }

    private static Long millis(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toMillis();
    }
}
