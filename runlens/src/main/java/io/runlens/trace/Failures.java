package io.runlens.trace;

import static io.runlens.trace.ProtoValues.emptyToNull;
import static io.runlens.trace.ProtoValues.enumWord;

import com.fasterxml.jackson.databind.JsonNode;
import io.runlens.payload.PayloadDecoder;
import io.temporal.api.enums.v1.TimeoutType;
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
        String message = failure.getMessage();
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
                TimeoutType timeout = failure.getTimeoutFailureInfo().getTimeoutType();
                timeoutType = enumWord(timeout.name(), "TIMEOUT_TYPE_");
                if (message.isEmpty()) {
                    message = timeoutMessage(timeout);
                }
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
                message,
                type,
                emptyToNull(failure.getSource()),
                emptyToNull(failure.getStackTrace()),
                nonRetryable,
                timeoutType,
                details,
                causes);
    }

    /**
     * What timed out, for a timeout failure that carries no message (the service may leave it empty): in
     * Temporal's own words for the timeout, as its UI and the SDKs' TimeoutFailure show them.
     */
    static String timeoutMessage(TimeoutType timeout) {
        return switch (timeout) {
            case TIMEOUT_TYPE_START_TO_CLOSE -> "StartToClose timeout";
            case TIMEOUT_TYPE_SCHEDULE_TO_START -> "ScheduleToStart timeout";
            case TIMEOUT_TYPE_SCHEDULE_TO_CLOSE -> "ScheduleToClose timeout";
            case TIMEOUT_TYPE_HEARTBEAT -> "Heartbeat timeout";
            default -> "timeout";
        };
    }
}
