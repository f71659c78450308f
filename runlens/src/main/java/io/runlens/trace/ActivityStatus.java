package io.runlens.trace;

import com.fasterxml.jackson.annotation.JsonValue;

/** An activity's status: scheduled (not started yet, or waiting for its next attempt), started, how it closed, and cancel_requested while the workflow waits for it to stop. */
public enum ActivityStatus {
    SCHEDULED,
    STARTED,
    COMPLETED,
    FAILED,
    TIMED_OUT,
    CANCEL_REQUESTED,
    CANCELLED;

    /** The word answers show, e.g. {@code timed_out}. */
    @JsonValue
    public String word() {
        return StatusWords.of(this);
    }
}
