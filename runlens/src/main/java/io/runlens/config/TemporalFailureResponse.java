package io.runlens.config;

/** Answer of a details request while Temporal cannot be reached. */
public enum TemporalFailureResponse {
    /** 200 with what the row gives, marked partial. */
    PARTIAL,
    /** 503 with Retry-After. */
    SERVICE_UNAVAILABLE
}
