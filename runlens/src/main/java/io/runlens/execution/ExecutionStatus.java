package io.runlens.execution;

import java.util.Arrays;
import java.util.Optional;

/** Business status of an execution as the platform records it (Polos's status words). */
public enum ExecutionStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    /** The word stored in the database and shown in the API. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public static Optional<ExecutionStatus> fromWord(String word) {
        return Arrays.stream(values()).filter(s -> s.word().equals(word)).findFirst();
    }
}
