package io.runlens.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.runlens.details.StepExecutionResponse;
import io.runlens.details.WorkflowDetailsResponse;
import io.runlens.stream.StreamEnd;
import io.runlens.stream.StreamReconnect;
import io.runlens.stream.StreamStatus;
import io.runlens.trace.ActivityExecution;
import io.runlens.trace.ChildWorkflowExecution;
import io.runlens.trace.FailureInfo;
import io.runlens.trace.LocalActivityExecution;
import io.runlens.trace.PendingActivityState;
import io.runlens.trace.SignalReceived;
import io.runlens.trace.TimerExecution;
import io.runlens.trace.UpdateExecution;
import io.runlens.trace.WorkflowEvent;
import io.runlens.trace.WorkflowTaskProblem;
import io.runlens.trace.WorkflowTrace;

/**
 * Every record Jackson serializes, registered for the native image: nested trace records are not all
 * reachable from resource signatures, where Quarkus finds the others on its own, and stream events
 * are written by the stream itself.
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
            ApiKeyResource.CreateApiKey.class,
            ApiKeyResource.ApiKeyCreated.class,
            ApiKeyResource.ApiKeyView.class,
            ActivityExecution.class,
            PendingActivityState.class,
            FailureInfo.class,
            LocalActivityExecution.class,
            ChildWorkflowExecution.class,
            TimerExecution.class,
            SignalReceived.class,
            UpdateExecution.class,
            WorkflowTaskProblem.class,
            WorkflowEvent.class,
            WorkflowTrace.class,
            StreamStatus.class,
            StreamEnd.class,
            StreamReconnect.class
        })
final class NativeReflection {

    private NativeReflection() {}
}
