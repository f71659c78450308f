package io.runlens.trace;

import com.fasterxml.jackson.annotation.JsonValue;

/** An accepted update's status (a rejected update leaves no event in the history). */
public enum UpdateStatus {
    ACCEPTED,
    COMPLETED,
    FAILED;

    /** The word answers show, e.g. {@code timed_out}. */
    @JsonValue
    public String word() {
        return StatusWords.of(this);
    }
}
