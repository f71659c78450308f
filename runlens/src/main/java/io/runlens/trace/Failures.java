package io.runlens.trace;

import static io.runlens.trace.ProtoValues.emptyToNull;
import static io.runlens.trace.ProtoValues.enumWord;

import com.fasterxml.jackson.databind.JsonNode;
import io.runlens.payload.PayloadDecoder;
import io.temporal.api.failure.v1.Failure;
import java.util.ArrayList;
import java.util.List;

/** Temporal failures as answers show them: a {@link FailureInfo} and its cause chain, details decoded. */
final class Failures {

    private final PayloadDecoder payloads;

    Failures(PayloadDecoder payloads) {
        this.payloads = payloads;
    }

    /** A failure and its cause chain (cut after {@link FailureChains#SHOWN_CAUSES} causes), with application details decoded. */
    FailureInfo of(Failure failure) {
        List<FailureInfo> causes = new ArrayList<>();
        Failure shown = FailureChains.truncated(failure);
        for (Failure cause = shown.hasCause() ? shown.getCause() : null;
                cause != null;
                cause = cause.hasCause() ? cause.getCause() : null) {
            causes.add(single(cause, null));
        }
        return single(shown, causes.isEmpty() ? null : causes);
    }

    private FailureInfo single(Failure failure, List<FailureInfo> causes) {
        String type;
        Boolean nonRetryable = null;
        String timeoutType = null;
        JsonNode details = null;
        switch (failure.getFailureInfoCase()) {
            case APPLICATION_FAILURE_INFO -> {
                var info = failure.getApplicationFailureInfo();
                type = info.getType().isEmpty() ? "ApplicationFailure" : info.getType();
                nonRetryable = info.getNonRetryable();
                if (info.hasDetails()) {
                    details = payloads.asObject(info.getDetails());
                }
            }
            case TIMEOUT_FAILURE_INFO -> {
                type = "TimeoutFailure";
                timeoutType = enumWord(
                        failure.getTimeoutFailureInfo().getTimeoutType().name(), "TIMEOUT_TYPE_");
            }
            case CANCELED_FAILURE_INFO -> type = "CanceledFailure";
            case TERMINATED_FAILURE_INFO -> type = "TerminatedFailure";
            case SERVER_FAILURE_INFO -> {
                type = "ServerFailure";
                nonRetryable = failure.getServerFailureInfo().getNonRetryable();
            }
            case RESET_WORKFLOW_FAILURE_INFO -> type = "ResetWorkflowFailure";
            case ACTIVITY_FAILURE_INFO -> type = "ActivityFailure";
            case CHILD_WORKFLOW_EXECUTION_FAILURE_INFO -> type = "ChildWorkflowFailure";
            default -> type = "Failure";
        }
        return new FailureInfo(
                failure.getMessage(),
                type,
                emptyToNull(failure.getSource()),
                emptyToNull(failure.getStackTrace()),
                nonRetryable,
                timeoutType,
                details,
                causes);
    }
}
