package io.runlens.trace;

import java.util.Locale;

/** The words statuses are written as: the constant's name in lower case ({@code TIMED_OUT} is {@code timed_out}). */
final class StatusWords {

    private StatusWords() {}

    static String of(Enum<?> status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
