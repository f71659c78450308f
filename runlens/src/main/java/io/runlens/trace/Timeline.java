package io.runlens.trace;

import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The entries of {@code trace.timeline[]}: at most one per history event, made by the fold of the
 * event's group. A stream's fold keeps none; it only hands out the entry the last event made.
 */
final class Timeline {

    private final boolean kept;
    private final List<TimelineEntry> entries = new ArrayList<>();
    private TimelineEntry last;

    Timeline(boolean kept) {
        this.kept = kept;
    }

    /** A new entry for {@code event}, of {@code type}, with its event id and time. */
    TimelineEntry add(String type, HistoryEvent event) {
        TimelineEntry entry = new TimelineEntry(type, event.getEventId(), ProtoValues.instant(event.getEventTime()));
        if (kept) {
            entries.add(entry);
        }
        last = entry;
        return entry;
    }

    /** Forgets which entry the last event made, before the next event is folded. */
    void next() {
        last = null;
    }

    /** The entry the event being folded made; null if it made none. */
    TimelineEntry last() {
        return last;
    }

    List<TimelineEntry> entries() {
        return List.copyOf(entries);
    }
}
