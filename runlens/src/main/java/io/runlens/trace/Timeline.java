package io.runlens.trace;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The entries of {@code trace.timeline[]}: at most one per history event, made by the fold of the
 * event's group. A stream's fold keeps none; it only hands out the entry the last event made.
 */
final class Timeline {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final boolean kept;
    private final List<ObjectNode> entries = new ArrayList<>();
    private ObjectNode last;

    Timeline(boolean kept) {
        this.kept = kept;
    }

    /** A new entry for {@code event}, of {@code type}, with its event id and time. */
    ObjectNode add(String type, HistoryEvent event) {
        ObjectNode entry = NODES.objectNode();
        entry.put("type", type);
        entry.put("event_id", event.getEventId());
        entry.put("timestamp", ProtoValues.instant(event.getEventTime()).toString());
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
    ObjectNode last() {
        return last;
    }

    List<ObjectNode> entries() {
        return List.copyOf(entries);
    }
}
