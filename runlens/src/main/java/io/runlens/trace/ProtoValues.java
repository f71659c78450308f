package io.runlens.trace;

import com.google.protobuf.Timestamp;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Temporal's protobuf values in the forms answers show them. */
public final class ProtoValues {

    private ProtoValues() {}

    public static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    static Long millis(com.google.protobuf.Duration duration) {
        return duration.getSeconds() * 1000L + duration.getNanos() / 1_000_000L;
    }

    static Double millisBetween(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toNanos() / 1_000_000.0;
    }

    /** {@code RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED} without its prefix and in lower case; null when unspecified. */
    static String enumWord(String name, String prefix) {
        String word = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
        return word.equals("UNSPECIFIED") || word.equals("UNRECOGNIZED") ? null : word.toLowerCase(Locale.ROOT);
    }

    static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /** Each event type's name, made once: every recent event shows one. */
    private static final Map<EventType, String> EVENT_TYPE_NAMES = new EnumMap<>(EventType.class);

    static {
        for (EventType type : EventType.values()) {
            EVENT_TYPE_NAMES.put(type, camelName(type));
        }
    }

    /** {@code EVENT_TYPE_ACTIVITY_TASK_SCHEDULED} as Temporal's UI and CLI name it: {@code ActivityTaskScheduled}. */
    static String eventTypeName(EventType type) {
        return EVENT_TYPE_NAMES.get(type);
    }

    private static String camelName(EventType type) {
        String name =
                type.name().startsWith("EVENT_TYPE_") ? type.name().substring("EVENT_TYPE_".length()) : type.name();
        StringBuilder camel = new StringBuilder(name.length());
        for (String word : name.split("_")) {
            if (!word.isEmpty()) {
                camel.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
            }
        }
        return camel.toString();
    }
}
