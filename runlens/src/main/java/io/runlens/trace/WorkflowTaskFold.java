package io.runlens.trace;

import static io.runlens.trace.ProtoValues.emptyToNull;
import static io.runlens.trace.ProtoValues.enumWord;
import static io.runlens.trace.ProtoValues.instant;

import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.List;

/** Workflow tasks that failed (the workflow's code threw, or could not replay) or timed out. */
final class WorkflowTaskFold {

    private final FoldContext context;
    private final List<WorkflowTaskProblem> problems = new ArrayList<>();

    WorkflowTaskFold(FoldContext context) {
        this.context = context;
    }

    void apply(HistoryEvent event) {
        switch (event.getEventType()) {
            case EVENT_TYPE_WORKFLOW_TASK_FAILED -> {
                var a = event.getWorkflowTaskFailedEventAttributes();
                FailureInfo failure = a.hasFailure() ? context.failures().of(a.getFailure()) : null;
                String cause = enumWord(a.getCause().name(), "WORKFLOW_TASK_FAILED_CAUSE_");
                if (context.keepsPayloads()) {
                    problems.add(new WorkflowTaskProblem(
                            event.getEventId(),
                            "failed",
                            instant(event.getEventTime()),
                            cause,
                            emptyToNull(a.getIdentity()),
                            failure));
                }
                TimelineEntry entry = context.timeline()
                        .add("workflow_task_failed", event)
                        .put("cause", cause)
                        .put("identity", a.getIdentity());
                if (failure != null) {
                    entry.put("failure_message", failure.message());
                }
            }
            case EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT -> {
                String timeoutType = enumWord(
                        event.getWorkflowTaskTimedOutEventAttributes()
                                .getTimeoutType()
                                .name(),
                        "TIMEOUT_TYPE_");
                if (context.keepsPayloads()) {
                    problems.add(new WorkflowTaskProblem(
                            event.getEventId(), "timed_out", instant(event.getEventTime()), timeoutType, null, null));
                }
                context.timeline().add("workflow_task_timed_out", event).put("timeout_type", timeoutType);
            }
            default -> throw new IllegalArgumentException("not a workflow task problem: " + event.getEventType());
        }
    }

    List<WorkflowTaskProblem> problems() {
        return List.copyOf(problems);
    }
}
