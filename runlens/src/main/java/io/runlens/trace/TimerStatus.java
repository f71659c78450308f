package io.runlens.trace;

import com.fasterxml.jackson.annotation.JsonValue;

/** A timer's status. */
public enum TimerStatus {
    STARTED,
    FIRED,
    CANCELLED;

    /** The word answers show, e.g. {@code timed_out}. */
    @JsonValue
    public String word() {
        return StatusWords.of(this);
    }
}
