package io.runlens.trace;

import com.fasterxml.jackson.annotation.JsonValue;

/** A child workflow's status: initiated, started, or how it closed (start_failed when it could not be started). */
public enum ChildWorkflowStatus {
    INITIATED,
    START_FAILED,
    STARTED,
    COMPLETED,
    FAILED,
    CANCELLED,
    TIMED_OUT,
    TERMINATED;

    /** The word answers show, e.g. {@code timed_out}. */
    @JsonValue
    public String word() {
        return StatusWords.of(this);
    }
}
