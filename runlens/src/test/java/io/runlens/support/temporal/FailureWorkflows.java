package io.runlens.support.temporal;

import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A workflow that fails with a cause chain as deep as it is asked for. */
public final class FailureWorkflows {

    private FailureWorkflows() {}

    @WorkflowInterface
    public interface DeepCause {
        @WorkflowMethod
        void fail(int causes);
    }

    public static final class DeepCauseImpl implements DeepCause {
        @Override
        public void fail(int causes) {
            Throwable cause = ApplicationFailure.newNonRetryableFailure("cause " + causes, "Cause");
            for (int i = causes - 1; i >= 1; i--) {
                cause = ApplicationFailure.newNonRetryableFailureWithCause("cause " + i, "Cause", cause);
            }
            throw ApplicationFailure.newNonRetryableFailureWithCause("order failed", "OrderFailed", cause);
        }
    }
}
