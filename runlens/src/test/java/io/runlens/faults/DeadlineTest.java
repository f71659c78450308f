package io.runlens.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * One deadline shared by several calls: each gets what is left of it, not a fresh allowance, so a
 * chain of calls ends within the one bound; a call that does not answer in time is cancelled and
 * replaced by a fallback or a timeout naming it. (Over a slow Temporal: {@link ChainWithinDeadlineTest}.)
 */
class DeadlineTest {

    private static final Duration GENEROUS = Duration.ofSeconds(10);

    @Test
    void whatIsLeftStartsAtTheWholeAllowanceAndNeverGoesBelowZero() throws InterruptedException {
        Deadline deadline = Deadline.after(Duration.ofMillis(50));

        assertEquals(Duration.ofMillis(50), deadline.total());
        assertTrue(deadline.remaining().compareTo(Duration.ofMillis(50)) <= 0);
        Thread.sleep(80);
        assertEquals(Duration.ZERO, deadline.remaining());
        assertTrue(deadline.hasPassed());
        assertEquals(Duration.ofMillis(50), deadline.total(), "the allowance it was made with, for messages");
    }

    @Test
    void aDeadlineOfNothingHasPassedAtOnceAndALongOneHasNot() {
        assertTrue(Deadline.after(Duration.ZERO).hasPassed());
        assertFalse(Deadline.after(Duration.ofHours(1)).hasPassed());
        assertTrue(Deadline.after(Duration.ofHours(1)).remaining().compareTo(Duration.ofMinutes(59)) > 0);
    }

    @Test
    void anAnswerInTimeIsTheAnswer() {
        Deadline deadline = Deadline.after(GENEROUS);

        assertEquals(
                "row",
                deadline.bound(Uni.createFrom().item("row"), () -> "fallback")
                        .await()
                        .atMost(GENEROUS));
        assertEquals(
                "row",
                deadline.boundOrFail(Uni.createFrom().item("row"), "PostgreSQL")
                        .await()
                        .atMost(GENEROUS));
    }

    @Test
    void aCallThatDoesNotAnswerInTimeIsCancelledAndReplacedByTheFallback() {
        Deadline deadline = Deadline.after(Duration.ofMillis(100));
        AtomicBoolean cancelled = new AtomicBoolean();
        Uni<String> silent = Uni.createFrom().<String>nothing().onCancellation().invoke(() -> cancelled.set(true));

        assertEquals(
                "fallback", deadline.bound(silent, () -> "fallback").await().atMost(GENEROUS));
        assertTrue(cancelled.get(), "the late call was cancelled");
    }

    @Test
    void failingInsteadNamesTheCallAndTheWholeAllowance() {
        Deadline deadline = Deadline.after(Duration.ofMillis(100));

        UniAssertSubscriber<String> subscriber = deadline.boundOrFail(
                        Uni.createFrom().<String>nothing(), "Temporal")
                .subscribe()
                .withSubscriber(UniAssertSubscriber.create());

        Throwable failure = subscriber.awaitFailure(GENEROUS).getFailure();
        assertInstanceOf(TimeoutException.class, failure);
        assertEquals("Temporal did not answer within PT0.1S", failure.getMessage());
    }

    /** The point of the class: the second call of a chain gets what the first left, not a fresh allowance. */
    @Test
    void aLaterCallGetsOnlyWhatIsLeft() {
        Deadline deadline = Deadline.after(Duration.ofMillis(600));
        deadline.bound(Uni.createFrom().<String>nothing(), () -> "first gave up")
                .await()
                .atMost(GENEROUS);

        long start = System.nanoTime();
        String second = deadline.bound(Uni.createFrom().<String>nothing(), () -> "second gave up")
                .await()
                .atMost(GENEROUS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals("second gave up", second);
        // A fresh allowance would have taken 600 ms; what is left is nothing (a millisecond for Mutiny).
        assertTrue(took.compareTo(Duration.ofMillis(300)) < 0, "the second call waited " + took);
    }
}
