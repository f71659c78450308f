package io.runlens.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.runlens.temporal.TraceModel;

/**
 * Every record Jackson serializes, registered for the native image: nested trace records are not all
 * reachable from resource signatures, where Quarkus finds the others on its own, and stream events
 * are written by the stream itself.
 */
@RegisterForReflection(targets = {
        ExecutionResponse.class, ExecutionPage.class, Problem.class, WorkflowDetailsResponse.class,
        WorkflowDetailsResponse.Sources.class, StepExecutionResponse.class, StepExecutionResponse.Step.class,
        ApiKeyResource.CreateApiKey.class, ApiKeyResource.ApiKeyCreated.class, ApiKeyResource.ApiKeyView.class,
        TraceModel.ActivityExecution.class, TraceModel.PendingState.class, TraceModel.FailureInfo.class,
        TraceModel.LocalActivityExecution.class, TraceModel.ChildWorkflowExecution.class, TraceModel.TimerExecution.class,
        TraceModel.SignalReceived.class, TraceModel.UpdateExecution.class, TraceModel.WorkflowTaskProblem.class,
        TraceModel.WorkflowEvent.class, TraceModel.HistoryTrace.class, StreamStatus.class, StreamEnd.class,
        StreamReconnect.class })
final class NativeReflection {

    private NativeReflection() {
    }
}
