package io.runlens.faults;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bound on cold answers in flight on an instance: a history read takes a permit before its first
 * page and the answer gives it back only once it has been rendered, so the folded trace, its recent
 * events, the chain walk, the codec call and the rendered bytes all count against
 * {@code concurrent-history-reads}. SmallRye's bulkhead frees its permit when the guarded call
 * completes, which is before rendering; this one is handed to the {@link TemporalBudget} of the
 * answer and released with it.
 *
 * <p>Asynchronous: a waiter holds no thread; it waits in a bounded FIFO queue and is completed on its
 * own Vert.x context. Past the queue the request is refused at once.
 */
public final class HistoryReadPermits {

    private final int limit;
    private final int queueLimit;
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private int inUse;
    private final AtomicInteger refused = new AtomicInteger();

    public HistoryReadPermits(int limit, int queueLimit) {
        this.limit = limit;
        this.queueLimit = queueLimit;
    }

    /** Refused: the permits and the queue are all taken. */
    public static final class FullException extends RuntimeException {
        FullException() {
            super("this instance is reading as many histories as it may at once; retry shortly", null, false, false);
        }
    }

    /** Permits held now. */
    public synchronized int inUse() {
        return inUse;
    }

    /** Answers waiting for a permit now. */
    public synchronized int waiting() {
        return queue.size();
    }

    /** Requests refused so far because permits and queue were full. */
    public int refused() {
        return refused.get();
    }

    /**
     * Gives {@code budget} a permit now, or when one is free; {@code granted} runs then (on the caller's
     * context). Runs {@code refused} at once when the queue is full too. Returns a handle that withdraws
     * the request if it is still waiting.
     */
    Runnable request(TemporalBudget budget, Runnable granted, Runnable full) {
        Waiter waiter = new Waiter(budget, granted, Vertx.currentContext());
        boolean now;
        synchronized (this) {
            now = inUse < limit;
            if (now) {
                inUse++;
            } else if (queue.size() < queueLimit) {
                queue.addLast(waiter);
            } else {
                refused.incrementAndGet();
                full.run();
                return () -> {};
            }
        }
        if (now) {
            waiter.grant(this);
        }
        return () -> withdraw(waiter);
    }

    private synchronized void withdraw(Waiter waiter) {
        queue.remove(waiter);
    }

    /** Gives a permit back: to the longest waiter whose answer still wants it, else to the pool. */
    void release() {
        Waiter next;
        synchronized (this) {
            next = null;
            for (Iterator<Waiter> waiting = queue.iterator(); waiting.hasNext(); ) {
                Waiter candidate = waiting.next();
                waiting.remove();
                if (!candidate.budget.isClosed()) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                inUse--;
                return;
            }
        }
        next.grant(this);
    }

    private record Waiter(TemporalBudget budget, Runnable granted, Context context) {

        void grant(HistoryReadPermits permits) {
            // The budget owns the permit from here on: whatever happens to the request, closing it gives it back.
            TemporalBudget.Attached attached = budget.attach(permits);
            if (attached != TemporalBudget.Attached.NOW) {
                permits.release();
                if (attached == TemporalBudget.Attached.CLOSED) {
                    return;
                }
            }
            if (context == null || Vertx.currentContext() == context) {
                granted.run();
            } else {
                context.runOnContext(ignored -> granted.run());
            }
        }
    }
}
