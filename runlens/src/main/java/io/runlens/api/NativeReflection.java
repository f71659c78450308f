package io.runlens.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.runlens.details.StepExecutionResponse;
import io.runlens.details.StepStatus;
import io.runlens.details.WorkflowDetailsResponse;
import io.runlens.payload.MessageJson;
import io.runlens.stream.StreamEnd;
import io.runlens.stream.StreamReconnect;
import io.runlens.stream.StreamStatus;
import io.runlens.trace.ActivityExecution;
import io.runlens.trace.ActivityStatus;
import io.runlens.trace.ChildWorkflowExecution;
import io.runlens.trace.ChildWorkflowStatus;
import io.runlens.trace.ExecutionRun;
import io.runlens.trace.FailureInfo;
import io.runlens.trace.LocalActivityExecution;
import io.runlens.trace.LocalActivityStatus;
import io.runlens.trace.PendingActivityState;
import io.runlens.trace.SignalReceived;
import io.runlens.trace.TimelineEntry;
import io.runlens.trace.TimerExecution;
import io.runlens.trace.TimerStatus;
import io.runlens.trace.UpdateExecution;
import io.runlens.trace.UpdateStatus;
import io.runlens.trace.WorkflowEvent;
import io.runlens.trace.WorkflowTaskProblem;
import io.runlens.trace.WorkflowTrace;

/**
 * Every class Jackson meets in an answer or a request body, registered for the native image: most
 * resources answer a {@code Response}, whose body type Quarkus cannot see, and stream events are written
 * by the stream itself. Enums are here for their {@code @JsonValue} words, classes that write themselves
 * ({@code MessageJson}, {@code TimelineEntry}) for the annotations Jackson looks up on them.
 * {@code io.runlens.nativeimage.JacksonReflectionTest} computes this list from the resources and the
 * OpenAPI annotations and fails when it differs.
 */
@RegisterForReflection(
        targets = {
            ExecutionResponse.class,
            ExecutionPage.class,
            Problem.class,
            WorkflowDetailsResponse.class,
            WorkflowDetailsResponse.Sources.class,
            StepExecutionResponse.class,
            StepExecutionResponse.Step.class,
            StepStatus.class,
            ApiKeyResource.CreateApiKey.class,
            ApiKeyResource.ApiKeyCreated.class,
            ApiKeyResource.ApiKeyView.class,
            ActivityExecution.class,
            ActivityStatus.class,
            PendingActivityState.class,
            FailureInfo.class,
            LocalActivityExecution.class,
            ChildWorkflowExecution.class,
            ChildWorkflowStatus.class,
            LocalActivityStatus.class,
            TimerExecution.class,
            TimerStatus.class,
            SignalReceived.class,
            UpdateExecution.class,
            UpdateStatus.class,
            WorkflowTaskProblem.class,
            WorkflowEvent.class,
            WorkflowTrace.class,
            TimelineEntry.class,
            ExecutionRun.class,
            MessageJson.class,
            StreamStatus.class,
            StreamEnd.class,
            StreamReconnect.class
        })
final class NativeReflection {

    private NativeReflection() {}
}
