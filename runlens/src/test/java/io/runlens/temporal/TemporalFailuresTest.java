package io.runlens.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.runlens.faults.HistoryReadPermits;
import io.runlens.faults.TemporalBudget;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a failed Temporal call means. Only a Temporal that is down, slow or overloaded counts for its
 * breaker: a run it does not know, a request it refuses or a caller that went away must never make
 * Runlens stop asking it for everyone. Only a dropped connection is retried at once, and a caller is
 * told what happened in words. (Against a silent frontend: {@code faults.TemporalDownTest}.)
 */
class TemporalFailuresTest {

    private static final Set<Status.Code> OUTAGES = EnumSet.of(
            Status.Code.UNAVAILABLE,
            Status.Code.DEADLINE_EXCEEDED,
            Status.Code.UNKNOWN,
            Status.Code.INTERNAL,
            Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.ABORTED);

    private static StatusRuntimeException answered(Status.Code code) {
        return code.toStatus().asRuntimeException();
    }

    @ParameterizedTest
    @EnumSource(Status.Code.class)
    void temporalIsOutOnlyWhenItIsDownSlowOrOverloaded(Status.Code code) {
        assertEquals(OUTAGES.contains(code), TemporalFailures.isOutage(answered(code)), code.name());
    }

    @ParameterizedTest
    @EnumSource(Status.Code.class)
    void onlyADroppedConnectionIsRetriedAtOnce(Status.Code code) {
        assertEquals(code == Status.Code.UNAVAILABLE, TemporalFailures.isRetryable(answered(code)), code.name());
    }

    @ParameterizedTest
    @EnumSource(Status.Code.class)
    void onlyAnExpiredDeadlineEndsALongPollQuietly(Status.Code code) {
        assertEquals(
                code == Status.Code.DEADLINE_EXCEEDED,
                TemporalFailures.isDeadlineExceeded(answered(code)),
                code.name());
    }

    @Test
    void failuresBeforeAnyAnswerAreOutagesButNotRetriedAtOnce() {
        Throwable refused = new ConnectException("Connection refused");
        Throwable timedOut = new TimeoutException("Temporal did not answer within PT5S");
        Throwable wrapped = new RuntimeException(new IOException("Connection reset by peer"));

        for (Throwable failure : new Throwable[] {refused, timedOut, wrapped}) {
            assertTrue(TemporalFailures.isOutage(failure), failure.toString());
            assertFalse(TemporalFailures.isRetryable(failure), failure.toString());
            assertFalse(TemporalFailures.isDeadlineExceeded(failure), failure.toString());
        }
        assertFalse(TemporalFailures.isOutage(new IllegalArgumentException("bad run id")));
    }

    @Test
    void aCallerIsToldWhatHappenedInWords() {
        assertEquals(
                "Temporal kept failing, so it is not asked for a while (circuit breaker open)",
                TemporalFailures.reason(new CircuitBreakerOpenException("temporal")));
        assertEquals(
                "Temporal did not answer within PT5S",
                TemporalFailures.reason(new TimeoutException("Temporal did not answer within PT5S")));
        assertEquals(
                "Temporal answered UNAVAILABLE: io exception",
                TemporalFailures.reason(
                        Status.UNAVAILABLE.withDescription("io exception").asRuntimeException()));
        assertEquals("Temporal answered INTERNAL", TemporalFailures.reason(answered(Status.Code.INTERNAL)));
        assertEquals("Temporal call failed", TemporalFailures.reason(new IllegalStateException("secret detail")));
    }

    @Test
    void aRefusedHistoryReadIsExplainedAsTheBoundItMet() {
        HistoryReadPermits none = new HistoryReadPermits(1, 0);
        TemporalBudget holder = new TemporalBudget(Duration.ofSeconds(5), none);
        holder.holdHistoryPermit().await().indefinitely();

        Throwable full = new TemporalBudget(Duration.ofSeconds(5), none)
                .holdHistoryPermit()
                .subscribe()
                .withSubscriber(UniAssertSubscriber.create())
                .assertFailed()
                .getFailure();

        assertEquals(
                "this instance is reading as many histories as it may at once; retry shortly",
                TemporalFailures.reason(full));
    }
}
