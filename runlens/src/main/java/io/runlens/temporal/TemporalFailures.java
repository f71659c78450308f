package io.runlens.temporal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.runlens.faults.HistoryReadPermits;
import io.runlens.faults.Outages;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/** What a failed Temporal call means: an outage (for the breaker), worth a retry, a long poll's end, and what to tell a caller. */
public final class TemporalFailures {

    private static final Set<Status.Code> OUTAGE = Set.of(
            Status.Code.UNAVAILABLE,
            Status.Code.DEADLINE_EXCEEDED,
            Status.Code.UNKNOWN,
            Status.Code.INTERNAL,
            Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.ABORTED);

    private TemporalFailures() {}

    /** A Temporal call that failed because Temporal (or the way to it) is down, slow or overloaded. */
    static boolean isOutage(Throwable failure) {
        if (failure instanceof StatusRuntimeException status) {
            return OUTAGE.contains(status.getStatus().getCode());
        }
        return Outages.isTimeout(failure) || Outages.isConnectionFailure(failure);
    }

    /** Only UNAVAILABLE is worth an immediate retry: the connection dropped or the frontend restarted. */
    static boolean isRetryable(Throwable failure) {
        return failure instanceof StatusRuntimeException status
                && status.getStatus().getCode() == Status.Code.UNAVAILABLE;
    }

    /** A call (a long poll) that ran to its own deadline: a quiet run, not a failure. */
    public static boolean isDeadlineExceeded(Throwable failure) {
        return failure instanceof StatusRuntimeException status
                && status.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED;
    }

    /** What to tell a caller about a failed Temporal call. */
    public static String reason(Throwable failure) {
        if (failure instanceof CircuitBreakerOpenException) {
            return "Temporal kept failing, so it is not asked for a while (circuit breaker open)";
        }
        if (failure instanceof HistoryReadPermits.FullException) {
            return failure.getMessage();
        }
        if (failure instanceof TimeoutException) {
            return failure.getMessage();
        }
        if (failure instanceof StatusRuntimeException status) {
            return "Temporal answered " + status.getStatus().getCode()
                    + (status.getStatus().getDescription() == null
                            ? ""
                            : ": " + status.getStatus().getDescription());
        }
        return "Temporal call failed";
    }
}
