package io.runlens.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;
import java.time.Duration;

public interface CacheConfig {
    /** Keep what Temporal said about closed runs, so repeated reads skip the history fetch and fold. */
    @WithDefault("true")
    boolean enabled();

    /** Most runs kept; each entry counts as at least {@code maximum-weight / maximum-entries}. */
    @WithDefault("10000")
    int maximumEntries();

    /**
     * Most memory the cached runs may take, estimated from their history size; the least recently
     * and least frequently used go first.
     */
    @WithDefault("64M")
    MemorySize maximumWeight();

    /** A run not read for this long leaves the cache. */
    @WithDefault("1h")
    Duration expireAfterAccess();

    /**
     * Longest a closed run is served from memory without Temporal confirming it: past this, it is
     * described again before it is served, so a reset, a deletion or the namespace's retention
     * shows within this bound on every replica.
     */
    @WithDefault("60s")
    Duration revalidateAfter();

    /**
     * Most memory the last folds of running runs may take, estimated as for closed runs: a poll of a
     * running execution that has not moved then costs a describe, with no history read and no fold.
     */
    @WithDefault("32M")
    MemorySize runningMaximumWeight();

    /**
     * Most memory the rendered details answers may take (their exact byte size): a repeated read of a
     * closed run, or of a running run that has not moved, or its 304, then costs no rendering.
     */
    @WithDefault("16M")
    MemorySize renderedMaximumWeight();
}
