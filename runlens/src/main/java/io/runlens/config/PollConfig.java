package io.runlens.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Blocking conditional GETs ({@code If-None-Match} with {@code Prefer: wait=N}) and how row changes reach them. */
public interface PollConfig {
    /**
     * Longest a request with {@code Prefer: wait=N} (or {@code ?wait=N}) is held; a larger N is cut to
     * this, and {@code Preference-Applied} says the wait applied.
     */
    @WithDefault("60s")
    Duration maxWait();

    /**
     * Most requests held at once on this instance; past it a new one is refused with a 503 and
     * Retry-After. A held request costs no thread: a callback for its execution and, while its run is
     * running, a share of that run's Temporal long poll.
     */
    @WithDefault("1024")
    int maxConcurrent();

    /** Most requests one organization may have held at once on this instance (at most {@code max-concurrent}). */
    @WithDefault("256")
    int maxConcurrentPerOrganization();

    /**
     * Whether execution row changes arrive by PostgreSQL {@code LISTEN/NOTIFY} on the channel
     * {@code runlens_execution} (the trigger of migration V6, or the one docs/operations.md gives for a
     * platform's own table). False for a table without the trigger: held requests and streams then
     * re-read the row every {@code reread-interval}.
     */
    @WithDefault("true")
    boolean notifications();

    /**
     * How often a held request or an open stream re-reads its execution row when notifications are off
     * or the listening connection is down (it reconnects by itself).
     */
    @WithDefault("5s")
    Duration rereadInterval();

    /**
     * How long a running run's watch (its Temporal long poll) is kept after the last request held on it
     * is answered, for the client's next poll to find it: a new watch first reads the run's history from
     * its first event. {@code 0s} ends it at once.
     */
    @WithDefault("10s")
    Duration watchLinger();
}
