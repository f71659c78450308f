package io.runlens.temporal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runlens.payload.Payload;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a workflow history becomes: the parts of seed 000's {@code WorkflowTrace} and the extras that
 * the seed's implementations leave out. Values only; built by {@link HistoryTraceBuilder}.
 */
public final class TraceModel {

    private TraceModel() {
    }

    /** Seed 000's {@code ActivityExecution}, one per scheduled activity, plus its live and failure state. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "ActivityExecution", description = "Individual activity execution within a workflow")
    public record ActivityExecution(
            @Schema(required = true) String activityId,
            @Schema(required = true) String activityType,
            @Schema(required = true, description = "scheduled, started, completed, failed, timed_out, cancel_requested or cancelled")
            String status,
            @Schema(required = true) Instant scheduledTime,
            @JsonInclude(JsonInclude.Include.ALWAYS) Instant startedTime,
            @JsonInclude(JsonInclude.Include.ALWAYS) Instant completedTime,
            @JsonInclude(JsonInclude.Include.ALWAYS) Double durationMs,
            int attempt,
            @JsonInclude(JsonInclude.Include.ALWAYS) String workerIdentity,
            @JsonInclude(JsonInclude.Include.ALWAYS) String failureMessage,
            @Payload @JsonInclude(JsonInclude.Include.ALWAYS) ObjectNode input,
            @Payload @JsonInclude(JsonInclude.Include.ALWAYS) ObjectNode result,
            @Schema(description = "Event id of ActivityTaskScheduled, which groups this activity's events") long scheduledEventId,
            @JsonInclude(JsonInclude.Include.NON_NULL) String taskQueue,
            @JsonInclude(JsonInclude.Include.NON_NULL) FailureInfo failure,
            @JsonInclude(JsonInclude.Include.NON_NULL) String retryState,
            @Schema(description = "Live state from DescribeWorkflowExecution while the activity is pending")
            @JsonInclude(JsonInclude.Include.NON_NULL) PendingState pending,
            @Schema(description = "Summary the workflow gave the activity (user metadata, a payload: usually text), if any")
            @Payload @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode summary) {
    }

    /** A pending activity's live state: what a retrying activity shows before its Started event exists. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "PendingActivityState")
    public record PendingState(
            String state,
            int attempt,
            Integer maximumAttempts,
            FailureInfo lastFailure,
            Instant lastHeartbeatTime,
            @Payload JsonNode heartbeatDetails,
            Instant lastStartedTime,
            Instant nextAttemptScheduleTime,
            Instant expirationTime,
            String lastWorkerIdentity) {
    }

    /** A Temporal failure and its cause chain. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "FailureInfo")
    public record FailureInfo(
            String message,
            String type,
            String source,
            String stackTrace,
            Boolean nonRetryable,
            String timeoutType,
            @Payload JsonNode details,
            List<FailureInfo> causes) {
    }

    /** A local activity, recorded by its worker as a MarkerRecorded event. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "LocalActivityExecution")
    public record LocalActivityExecution(
            String activityId,
            String activityType,
            String status,
            long eventId,
            Instant recordedTime,
            Integer attempt,
            @Payload JsonNode result,
            FailureInfo failure,
            @Schema(description = "Summary the workflow gave it (user metadata, a payload: usually text), if any")
            @Payload JsonNode summary) {
    }

    /** A child workflow, grouped by its StartChildWorkflowExecutionInitiated event. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ChildWorkflowExecution")
    public record ChildWorkflowExecution(
            long initiatedEventId,
            String namespace,
            String workflowId,
            String runId,
            String workflowType,
            @Schema(description = "initiated, started, completed, failed, cancelled, timed_out, terminated or start_failed")
            String status,
            Instant initiatedTime,
            Instant startedTime,
            Instant closedTime,
            Double durationMs,
            @Payload ObjectNode input,
            @Payload JsonNode result,
            FailureInfo failure,
            @Schema(description = "Summary the workflow gave it (user metadata, a payload: usually text), if any")
            @Payload JsonNode summary) {
    }

    /** A durable timer, grouped by its TimerStarted event. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "TimerExecution")
    public record TimerExecution(
            String timerId,
            long startedEventId,
            @Schema(description = "started, fired or cancelled") String status,
            Long startToFireTimeoutMs,
            Instant startedTime,
            Instant firedTime) {
    }

    /** A signal the workflow received. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "SignalReceived")
    public record SignalReceived(long eventId, String signalName, Instant time, @Payload ObjectNode input, String identity) {
    }

    /** A workflow update, grouped by its UpdateAccepted event. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "UpdateExecution")
    public record UpdateExecution(
            String updateId,
            String name,
            long acceptedEventId,
            @Schema(description = "accepted, completed or failed") String status,
            Instant acceptedTime,
            Instant completedTime,
            @Payload ObjectNode input,
            @Payload JsonNode result,
            FailureInfo failure) {
    }

    /** A workflow task that failed or timed out: the worker could not make progress. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "WorkflowTaskProblem")
    public record WorkflowTaskProblem(long eventId, @Schema(description = "failed or timed_out") String kind, Instant time,
            String cause, String identity, FailureInfo failure) {
    }

    /** Seed 000's {@code WorkflowEvent}: one history event with its attributes, payloads decoded. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "WorkflowEvent", description = "Individual workflow history event")
    public record WorkflowEvent(
            @Schema(required = true) long eventId,
            @Schema(required = true) String eventType,
            @Schema(required = true) Instant eventTime,
            @Payload(emptyObjectWhenOmitted = true) ObjectNode details) {
    }

    /** Seed 000's {@code WorkflowTrace} and the extra arrays. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "WorkflowTrace", description = "Execution trace with activities and timeline")
    public record HistoryTrace(
            @Schema(required = true) List<ActivityExecution> activities,
            @Schema(required = true) List<ObjectNode> timeline,
            @Schema(required = true) int totalActivities,
            int completedActivities,
            int failedActivities,
            List<LocalActivityExecution> localActivities,
            List<ChildWorkflowExecution> childWorkflows,
            List<TimerExecution> timers,
            List<SignalReceived> signals,
            List<UpdateExecution> updates,
            List<WorkflowTaskProblem> workflowTaskProblems) {

        public static HistoryTrace empty() {
            return new HistoryTrace(List.of(), List.of(), 0, 0, 0, List.of(), List.of(), List.of(), List.of(), List.of(),
                    List.of());
        }
    }
}
