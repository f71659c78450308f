package io.runlens.trace;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Kubiya's {@code WorkflowTrace} and the extra arrays. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "WorkflowTrace", description = "Execution trace with activities and timeline")
public record WorkflowTrace(
        @Schema(required = true) List<ActivityExecution> activities,

        @Schema(required = true) List<TimelineEntry> timeline,

        @Schema(required = true) int totalActivities,
        int completedActivities,
        int failedActivities,
        List<LocalActivityExecution> localActivities,
        List<ChildWorkflowExecution> childWorkflows,
        List<TimerExecution> timers,
        List<SignalReceived> signals,
        List<UpdateExecution> updates,
        List<WorkflowTaskProblem> workflowTaskProblems) {

    public static WorkflowTrace empty() {
        return new WorkflowTrace(
                List.of(), List.of(), 0, 0, 0, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
