package io.runlens.trace;

import static io.runlens.trace.ProtoValues.enumWord;
import static io.runlens.trace.ProtoValues.instant;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import java.time.Instant;

/** The run itself: its Started event, a cancel request, and its closing event. */
final class RunFactsFold {

    private final FoldContext context;
    private final RunFacts.Builder run = new RunFacts.Builder();
    private String startedRunId = "";
    private Instant startedTime;

    RunFactsFold(FoldContext context) {
        this.context = context;
    }

    void apply(HistoryEvent event) {
        Instant time = instant(event.getEventTime());
        switch (event.getEventType()) {
            case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> {
                var a = event.getWorkflowExecutionStartedEventAttributes();
                run.started(
                        time,
                        a.getWorkflowType().getName(),
                        a.getTaskQueue().getName(),
                        a.getAttempt(),
                        context.keepsPayloads() && a.hasInput()
                                ? context.payloads().asObject(a.getInput())
                                : null,
                        a.getContinuedExecutionRunId(),
                        a.getFirstExecutionRunId());
                startedRunId = a.getOriginalExecutionRunId();
                startedTime = time;
                context.timeline()
                        .add("workflow_started", event)
                        .put("workflow_type", a.getWorkflowType().getName())
                        .put("task_queue", a.getTaskQueue().getName())
                        .put("attempt", a.getAttempt());
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> {
                var a = event.getWorkflowExecutionCompletedEventAttributes();
                // Kept in a stream's fold too: its end event carries the result.
                run.closed(
                        time,
                        "completed",
                        a.hasResult() ? context.payloads().asObject(a.getResult()) : null,
                        null,
                        a.getNewExecutionRunId());
                context.timeline().add("workflow_completed", event);
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED -> {
                var a = event.getWorkflowExecutionFailedEventAttributes();
                FailureInfo failure = context.failures().of(a.getFailure());
                run.closed(time, "failed", null, failure, a.getNewExecutionRunId());
                context.timeline()
                        .add("workflow_failed", event)
                        .put("failure_message", failure.message())
                        .put("retry_state", enumWord(a.getRetryState().name(), "RETRY_STATE_"));
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT -> {
                run.closed(
                        time,
                        "timed_out",
                        null,
                        null,
                        event.getWorkflowExecutionTimedOutEventAttributes().getNewExecutionRunId());
                context.timeline().add("workflow_timed_out", event);
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED -> {
                run.closed(time, "cancelled", null, null, "");
                context.timeline().add("workflow_cancelled", event);
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED -> {
                var a = event.getWorkflowExecutionTerminatedEventAttributes();
                run.closed(time, "terminated", null, null, "");
                context.timeline()
                        .add("workflow_terminated", event)
                        .put("reason", a.getReason())
                        .put("identity", a.getIdentity());
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW -> {
                var a = event.getWorkflowExecutionContinuedAsNewEventAttributes();
                run.closed(time, "continued_as_new", null, null, a.getNewExecutionRunId());
                context.timeline().add("workflow_continued_as_new", event).put("new_run_id", a.getNewExecutionRunId());
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED -> {
                var a = event.getWorkflowExecutionCancelRequestedEventAttributes();
                context.timeline()
                        .add("workflow_cancel_requested", event)
                        .put("cause", a.getCause())
                        .put("identity", a.getIdentity());
            }
            default -> throw new IllegalArgumentException("not an event of the run itself: " + event.getEventType());
        }
    }

    /**
     * Whether the events folded are the history of the run {@code info} describes. Temporal names the
     * run in its Started event ({@code original_execution_run_id}, which a reset keeps from the run it
     * reset, so a reset run never matches and is read again by its id); servers that leave it empty
     * (the in-process test server) are matched by start time, which no two runs of a chain share.
     */
    boolean isRunDescribedBy(WorkflowExecutionInfo info) {
        if (startedTime == null) {
            return false;
        }
        if (!startedRunId.isEmpty()) {
            return startedRunId.equals(info.getExecution().getRunId());
        }
        return info.hasStartTime() && startedTime.equals(instant(info.getStartTime()));
    }

    RunFacts facts() {
        return run.build();
    }
}
