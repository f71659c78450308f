package io.runlens.faults;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A point in time that several calls share: each is given what is left of it, not a fresh allowance,
 * so a chain of calls (a read, the check that its run is the execution's, the walk along its chain)
 * ends within the one bound however many steps it takes.
 */
public final class Deadline {

    private final Duration total;
    private final long endNanos;

    private Deadline(Duration total) {
        this.total = total;
        this.endNanos = System.nanoTime() + total.toNanos();
    }

    /** A deadline {@code total} from now. */
    public static Deadline after(Duration total) {
        return new Deadline(total);
    }

    /** The whole allowance this deadline was made with. */
    public Duration total() {
        return total;
    }

    /** What is left; zero once it has passed. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    public boolean hasPassed() {
        return endNanos - System.nanoTime() <= 0;
    }

    /** {@code work}, or {@code otherwise} when it has not answered by the deadline (cancelling it). */
    public <T> Uni<T> bound(Uni<T> work, Supplier<T> otherwise) {
        return work.ifNoItem().after(atLeastOneMilli()).recoverWithItem(otherwise);
    }

    /** {@code work}, failing with a {@link TimeoutException} naming {@code what} when it has not answered by the deadline. */
    public <T> Uni<T> boundOrFail(Uni<T> work, String what) {
        return work.ifNoItem()
                .after(atLeastOneMilli())
                .failWith(() -> new TimeoutException(what + " did not answer within " + total));
    }

    // Mutiny needs a positive delay; a passed deadline still gives the call its chance to answer from memory.
    private Duration atLeastOneMilli() {
        Duration left = remaining();
        return left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left;
    }
}
