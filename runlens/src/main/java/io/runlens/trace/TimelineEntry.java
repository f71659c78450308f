package io.runlens.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runlens.payload.JsonInstants;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

/**
 * One entry of {@code trace.timeline[]}: its type, event id and time, then the fields its event group
 * adds, written in the order they were put. A 10,000-event history makes about as many entries, so an
 * entry is two small arrays instead of a JSON tree (a map, its table, an entry and a value node per
 * field); it writes what an {@link ObjectNode} with the same puts would write, byte for byte.
 */
@Schema(
        name = "TimelineEntry",
        type = SchemaType.OBJECT,
        description = "One group of history events on the timeline: its type, event id and time, then the fields "
                + "that group adds (activity_id, attempt, duration_ms, timer_id, signal_name...)",
        requiredProperties = {"type", "event_id", "timestamp"},
        properties = {
            @SchemaProperty(name = "type", type = SchemaType.STRING),
            @SchemaProperty(name = "event_id", type = SchemaType.INTEGER, format = "int64"),
            @SchemaProperty(name = "timestamp", type = SchemaType.STRING, format = "date-time")
        },
        additionalProperties = Schema.True.class)
public final class TimelineEntry extends JsonSerializable.Base {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private String[] names = new String[6];
    private Object[] values = new Object[6];
    private int size;

    TimelineEntry(String type, long eventId, Instant timestamp) {
        put("type", type);
        put("event_id", eventId);
        set("timestamp", timestamp);
    }

    TimelineEntry put(String name, String value) {
        return set(name, value);
    }

    TimelineEntry put(String name, long value) {
        return set(name, value);
    }

    TimelineEntry put(String name, int value) {
        return set(name, value);
    }

    /** Null writes JSON null, as for the other boxed values. */
    TimelineEntry put(String name, Long value) {
        return set(name, value);
    }

    TimelineEntry put(String name, Integer value) {
        return set(name, value);
    }

    TimelineEntry put(String name, Double value) {
        return set(name, value);
    }

    /** A field put again keeps its place and takes the new value, as in a JSON object. */
    private TimelineEntry set(String name, Object value) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                values[i] = value;
                return this;
            }
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size] = value;
        size++;
        return this;
    }

    /** The field {@code name} as a JSON value (null when absent), as an {@link ObjectNode} would give it. */
    public JsonNode get(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return node(values[i]);
            }
        }
        return null;
    }

    /** The entry as a JSON tree. */
    public ObjectNode toNode() {
        ObjectNode node = NODES.objectNode();
        for (int i = 0; i < size; i++) {
            node.set(names[i], node(values[i]));
        }
        return node;
    }

    private static JsonNode node(Object value) {
        if (value == null) {
            return NODES.nullNode();
        } else if (value instanceof Integer number) {
            return NODES.numberNode(number);
        } else if (value instanceof Long number) {
            return NODES.numberNode(number);
        } else if (value instanceof Double number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Instant time) {
            return NODES.textNode(JsonInstants.text(time.getEpochSecond(), time.getNano()));
        }
        return NODES.textNode(value.toString());
    }

    @Override
    public void serialize(JsonGenerator generator, SerializerProvider provider) throws IOException {
        generator.writeStartObject(this, size);
        for (int i = 0; i < size; i++) {
            generator.writeFieldName(names[i]);
            Object value = values[i];
            if (value == null) {
                generator.writeNull();
            } else if (value instanceof Integer number) {
                generator.writeNumber(number);
            } else if (value instanceof Long number) {
                generator.writeNumber(number);
            } else if (value instanceof Double number) {
                generator.writeNumber(number);
            } else if (value instanceof Instant time) {
                JsonInstants.write(generator, time);
            } else {
                generator.writeString(value.toString());
            }
        }
        generator.writeEndObject();
    }

    @Override
    public void serializeWithType(JsonGenerator generator, SerializerProvider provider, TypeSerializer types)
            throws IOException {
        serialize(generator, provider);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof TimelineEntry entry) || entry.size != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (!names[i].equals(entry.names[i]) || !Objects.equals(values[i], entry.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = size;
        for (int i = 0; i < size; i++) {
            hash = 31 * hash + names[i].hashCode();
            hash = 31 * hash + Objects.hashCode(values[i]);
        }
        return hash;
    }

    @Override
    public String toString() {
        return toNode().toString();
    }
}
