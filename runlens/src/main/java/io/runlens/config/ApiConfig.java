package io.runlens.config;

import io.smallrye.config.WithDefault;

public interface ApiConfig {
    /**
     * What a caller gets for an execution that exists in another organization: {@code not-found}
     * (404, reveals nothing) or {@code forbidden} (403, as Kubiya's API documents).
     */
    @WithDefault("not-found")
    ForeignExecutionResponse foreignExecution();

    /** Page size of the execution lists when the request gives no {@code limit}. */
    @WithDefault("50")
    int defaultPageSize();

    /** Largest {@code limit} a list request may ask for. */
    @WithDefault("200")
    int maxPageSize();

    /** How many of the newest history events a details response carries when the request does not say. */
    @WithDefault("20")
    int defaultRecentEvents();

    /** Largest {@code recent_events} a details request may ask for. */
    @WithDefault("1000")
    int maxRecentEvents();

    /**
     * Details when Temporal is slow or down: {@code partial} (200 from the row, {@code sources.temporal}
     * says why) or {@code service-unavailable} (503 with Retry-After).
     */
    @WithDefault("partial")
    TemporalFailureResponse temporalFailure();

    /**
     * How details reads its two backends: {@code parallel} (the row and Temporal at once) or
     * {@code sequential} (the row, then Temporal). Sequential exists only so the benchmark can
     * show what the overlap buys; never use it in production.
     */
    @WithDefault("parallel")
    FetchMode fetchMode();
}
