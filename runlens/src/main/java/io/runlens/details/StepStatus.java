package io.runlens.details;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A step's status in the step view's words: what the workflow-automation platform's API documents. */
public enum StepStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED,
    SKIPPED;

    @JsonValue
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
