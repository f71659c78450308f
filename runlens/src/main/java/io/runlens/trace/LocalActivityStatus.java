package io.runlens.trace;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a local activity ended, as its marker records it. */
public enum LocalActivityStatus {
    COMPLETED,
    FAILED;

    /** The word answers show, e.g. {@code timed_out}. */
    @JsonValue
    public String word() {
        return StatusWords.of(this);
    }
}
