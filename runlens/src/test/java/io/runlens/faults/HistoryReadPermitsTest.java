package io.runlens.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The bound on cold answers in flight, with answers' budgets as its only callers: a permit is held
 * from the first history read until the answer is closed, waiters are served first come first served,
 * an answer that is over never gets one, and past the queue a request is refused at once.
 * (With real reads and a codec server: {@link ColdAnswerBoundTest}, {@link HistoryReadBulkheadTest}.)
 */
class HistoryReadPermitsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private static UniAssertSubscriber<Void> hold(TemporalBudget budget) {
        return budget.holdHistoryPermit().subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    private static void granted(UniAssertSubscriber<Void> request) {
        request.assertCompleted();
    }

    private static void waiting(UniAssertSubscriber<Void> request) {
        request.assertNotTerminated();
    }

    @Test
    void anAnswerHoldsItsPermitUntilItIsClosed() {
        HistoryReadPermits permits = new HistoryReadPermits(2, 0);
        TemporalBudget answer = new TemporalBudget(DEADLINE, permits);

        granted(hold(answer));
        assertEquals(1, permits.inUse());

        answer.close();
        assertEquals(0, permits.inUse());
    }

    @Test
    void aSecondReadOfTheSameAnswerTakesNoSecondPermit() {
        HistoryReadPermits permits = new HistoryReadPermits(1, 0);
        TemporalBudget answer = new TemporalBudget(DEADLINE, permits);

        granted(hold(answer));
        granted(hold(answer));
        assertEquals(1, permits.inUse());
        assertEquals(0, permits.refused());
    }

    @Test
    void closingTwiceGivesThePermitBackOnce() {
        HistoryReadPermits permits = new HistoryReadPermits(1, 1);
        TemporalBudget first = new TemporalBudget(DEADLINE, permits);
        TemporalBudget second = new TemporalBudget(DEADLINE, permits);
        granted(hold(first));

        UniAssertSubscriber<Void> secondWaits = hold(second);
        waiting(secondWaits);
        first.close();
        granted(secondWaits);
        first.close();

        assertEquals(1, permits.inUse(), "the second answer's permit is still held");
        second.close();
        assertEquals(0, permits.inUse());
    }

    @Test
    void waitersAreServedInOrderAndPastTheQueueARequestIsRefusedAtOnce() {
        HistoryReadPermits permits = new HistoryReadPermits(1, 2);
        TemporalBudget a = new TemporalBudget(DEADLINE, permits);
        TemporalBudget b = new TemporalBudget(DEADLINE, permits);
        TemporalBudget c = new TemporalBudget(DEADLINE, permits);
        TemporalBudget d = new TemporalBudget(DEADLINE, permits);

        UniAssertSubscriber<Void> forA = hold(a);
        UniAssertSubscriber<Void> forB = hold(b);
        UniAssertSubscriber<Void> forC = hold(c);
        UniAssertSubscriber<Void> forD = hold(d);

        granted(forA);
        waiting(forB);
        waiting(forC);
        assertInstanceOf(
                HistoryReadPermits.FullException.class, forD.assertFailed().getFailure());
        assertEquals(
                "this instance is reading as many histories as it may at once; retry shortly",
                forD.getFailure().getMessage());
        assertEquals(1, permits.refused());
        assertEquals(2, permits.waiting());

        a.close();
        granted(forB);
        waiting(forC);
        b.close();
        granted(forC);
        c.close();
        assertEquals(0, permits.inUse());
        assertEquals(0, permits.waiting());
    }

    /** An answer abandoned while it waited (its request timed out) must not take a permit nobody will give back. */
    @Test
    void anAnswerClosedWhileWaitingIsPassedOver() {
        HistoryReadPermits permits = new HistoryReadPermits(1, 2);
        TemporalBudget a = new TemporalBudget(DEADLINE, permits);
        TemporalBudget abandoned = new TemporalBudget(DEADLINE, permits);
        TemporalBudget c = new TemporalBudget(DEADLINE, permits);
        granted(hold(a));
        UniAssertSubscriber<Void> forAbandoned = hold(abandoned);
        UniAssertSubscriber<Void> forC = hold(c);

        abandoned.close();
        a.close();

        waiting(forAbandoned);
        granted(forC);
        assertEquals(1, permits.inUse());
        c.close();
        assertEquals(0, permits.inUse());
    }

    @Test
    void aWaiterThatGivesUpLeavesTheQueue() {
        HistoryReadPermits permits = new HistoryReadPermits(1, 1);
        TemporalBudget a = new TemporalBudget(DEADLINE, permits);
        TemporalBudget b = new TemporalBudget(DEADLINE, permits);
        TemporalBudget c = new TemporalBudget(DEADLINE, permits);
        granted(hold(a));

        UniAssertSubscriber<Void> forB = hold(b);
        assertEquals(1, permits.waiting());
        forB.cancel();
        assertEquals(0, permits.waiting());

        // Its place in the queue is free again.
        UniAssertSubscriber<Void> forC = hold(c);
        waiting(forC);
        a.close();
        granted(forC);
        waiting(forB);
    }

    @Test
    void whenEveryPermitIsFreeNobodyWaits() {
        HistoryReadPermits permits = new HistoryReadPermits(3, 0);
        for (int i = 0; i < 3; i++) {
            granted(hold(new TemporalBudget(DEADLINE, permits)));
        }
        assertEquals(3, permits.inUse());
        UniAssertSubscriber<Void> fourth = hold(new TemporalBudget(DEADLINE, permits));
        fourth.assertFailed();
        assertEquals(1, permits.refused());
    }

    @Test
    void aStreamsBudgetReadsWithoutAPermit() {
        TemporalBudget stream = TemporalBudget.unbounded(DEADLINE);

        granted(hold(stream));
        stream.close();
        assertEquals(DEADLINE, stream.deadline().total());
    }
}
