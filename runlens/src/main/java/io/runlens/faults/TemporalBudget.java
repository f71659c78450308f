package io.runlens.faults;

import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * What one answer may spend on Temporal: a {@link Deadline} for its whole Temporal branch (the read,
 * the checks that the run is the execution's, the chain walk), and at most one history-read permit
 * ({@link HistoryReadPermits}), taken when a history is first read and held until the answer has
 * been rendered. Whoever makes a budget closes it when the answer is written (or abandoned); closing
 * twice is harmless.
 */
public final class TemporalBudget {

    private final Deadline deadline;
    private final HistoryReadPermits permits;
    private HistoryReadPermits held;
    private boolean closed;

    public TemporalBudget(Duration fetchDeadline, HistoryReadPermits permits) {
        this.deadline = Deadline.after(fetchDeadline);
        this.permits = permits;
    }

    /** A budget with a deadline and no bound on history reads: for reads that fold nothing they keep (streams). */
    public static TemporalBudget unbounded(Duration fetchDeadline) {
        return new TemporalBudget(fetchDeadline, null);
    }

    public Deadline deadline() {
        return deadline;
    }

    /**
     * Completes once this answer holds a history-read permit (at once if it already does), or fails
     * with {@link HistoryReadPermits.FullException} when none can be had. Waiting is within the deadline
     * of whoever subscribes; giving up withdraws the request.
     */
    public Uni<Void> holdHistoryPermit() {
        if (permits == null) {
            return Uni.createFrom().voidItem();
        }
        synchronized (this) {
            if (held != null) {
                return Uni.createFrom().voidItem();
            }
        }
        return Uni.createFrom().emitter(emitter -> {
            Runnable withdraw = permits.request(
                    this, () -> emitter.complete(null), () -> emitter.fail(new HistoryReadPermits.FullException()));
            emitter.onTermination(withdraw);
        });
    }

    /** What became of a permit granted to this budget. */
    enum Attached {
        /** The budget holds it now. */
        NOW,
        /** The budget already held one (a second read of the same answer): the extra one goes back. */
        ALREADY,
        /** The answer is over: it goes back, and nobody waits for it. */
        CLOSED
    }

    synchronized Attached attach(HistoryReadPermits granted) {
        if (closed) {
            return Attached.CLOSED;
        }
        if (held != null) {
            return Attached.ALREADY;
        }
        held = granted;
        return Attached.NOW;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Gives back the permit, if one is held. The answer is rendered, or will not be. */
    public void close() {
        HistoryReadPermits release;
        synchronized (this) {
            closed = true;
            release = held;
            held = null;
        }
        if (release != null) {
            release.release();
        }
    }
}
