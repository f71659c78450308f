package io.runlens.payload;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import io.temporal.api.common.v1.Payload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A protobuf message (a history event's attributes) as {@code recent_events[].details} shows it:
 * protobuf's JSON mapping, with every Temporal payload in it replaced by its decoded value. Written
 * straight from the message to the answer's generator as the answer is written, with the payload
 * policy applied on the way (sensitive keys redacted, codec results put in place of their markers):
 * no JSON text printed and parsed back, no tree of the whole message kept.
 *
 * <p>The bytes are those of protobuf's {@link JsonFormat} printer read back by Jackson and written
 * again (the form answers had before, which golden answers and a test hold it to): fields in field
 * number order under their JSON names, 64-bit integers as strings, enums by name, bytes as base64,
 * {@code Timestamp} and {@code Duration} in their string forms, default values left out. A message
 * holding a type the writer does not know (other well-known types such as {@code Any} or
 * {@code Struct}) is rendered once as a tree the old way instead, and one with a timestamp or
 * duration out of protobuf's range is a marker saying so (the old way threw, failing the answer).
 */
public final class MessageJson implements JsonSerializable {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFormat.Printer PROTO_JSON = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final String PAYLOAD = Payload.getDescriptor().getFullName();
    private static final String TIMESTAMP = Timestamp.getDescriptor().getFullName();
    private static final String DURATION = Duration.getDescriptor().getFullName();
    private static final String WELL_KNOWN = "google.protobuf.";
    private static final String EMPTY = "google.protobuf.Empty";
    private static final Map<Descriptor, FieldDescriptor[]> FIELDS_BY_NUMBER = new ConcurrentHashMap<>();

    /** The message, written field by field; null when {@link #tree} stands for it. */
    private final Message message;
    /** Payloads in {@link #message} only a codec server decodes, in the order the writer meets them. */
    private final List<EncodedPayload> encoded;
    /** The message as a tree, when the writer cannot write it: see the class comment. */
    private final ObjectNode tree;

    private MessageJson(Message message, List<EncodedPayload> encoded, ObjectNode tree) {
        this.message = message;
        this.encoded = encoded;
        this.tree = tree;
    }

    /**
     * {@code message} ready to be written, its payloads only a codec server decodes handed to
     * {@code payloads}' collector now (once, in the order they will be met), as when it was rendered.
     */
    public static MessageJson of(Message message, PayloadDecoder payloads) {
        Scan scan = new Scan();
        scan.message(message);
        if (scan.badTime) {
            return new MessageJson(null, List.of(), unrenderable());
        }
        if (scan.unknownType) {
            return new MessageJson(null, List.of(), treeOf(message, payloads));
        }
        List<EncodedPayload> encoded = new ArrayList<>(scan.codecPayloads.size());
        for (Payload payload : scan.codecPayloads) {
            // decode() hands it to the fold's collector and gives back its marker.
            JsonNode marker = payloads.decode(payload);
            encoded.add(new EncodedPayload((ObjectNode) marker, encodingOf(payload), payload));
        }
        return new MessageJson(message, List.copyOf(encoded), null);
    }

    /** An empty object: an event without attributes. */
    public static MessageJson empty() {
        return new MessageJson(null, List.of(), NODES.objectNode());
    }

    /**
     * The old way, kept for the messages the writer does not know and as the reference it is tested
     * against: protobuf's printer, Jackson's parser, then payload objects replaced in the tree.
     */
    public static ObjectNode treeOf(Message message, PayloadDecoder payloads) {
        try {
            JsonNode printed = MAPPER.readTree(PROTO_JSON.print(message));
            JsonNode decoded = payloads.decodeEmbedded(printed);
            return decoded.isObject() ? (ObjectNode) decoded : NODES.objectNode();
        } catch (IOException | IllegalArgumentException e) {
            return unrenderable();
        }
    }

    private static ObjectNode unrenderable() {
        ObjectNode marker = NODES.objectNode();
        marker.put("undecodable", true);
        marker.put("reason", "attributes could not be rendered as JSON");
        return marker;
    }

    /**
     * Writes the message as JSON: keys {@code redactor} finds sensitive get its replacement, and each
     * payload marker found in {@code decoded} (what the codec server made of it) is written in its place.
     */
    public void write(JsonGenerator generator, Redactor redactor, Map<JsonNode, JsonNode> decoded) throws IOException {
        if (tree != null) {
            generator.writeTree(redactor.redact(tree, decoded));
            return;
        }
        new Writer(generator, redactor, decoded, encoded.iterator()).message(message);
    }

    /** The JSON this writes, as a tree, without redaction: for tests and for code that needs a tree. */
    public ObjectNode toTree() {
        try (TokenBuffer buffer = new TokenBuffer(MAPPER, false)) {
            write(buffer, new Redactor(List.of(), ""), Map.of());
            return (ObjectNode) MAPPER.readTree(buffer.asParser());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
    }

    /**
     * Equal when they write the same JSON: the same message (what is written follows from it alone,
     * codec markers included), or the same tree.
     */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof MessageJson that)) {
            return false;
        }
        return message != null ? message.equals(that.message) : tree.equals(that.tree);
    }

    @Override
    public int hashCode() {
        return message != null ? message.hashCode() : tree.hashCode();
    }

    @Override
    public String toString() {
        return toTree().toString();
    }

    /** Written by Jackson outside the payload policy's writer (which calls {@link #write} itself). */
    @Override
    public void serialize(JsonGenerator generator, SerializerProvider serializers) throws IOException {
        write(generator, new Redactor(List.of(), ""), Map.of());
    }

    @Override
    public void serializeWithType(JsonGenerator generator, SerializerProvider serializers, TypeSerializer typeSer)
            throws IOException {
        serialize(generator, serializers);
    }

    private static String encodingOf(Payload payload) {
        ByteString encoding = payload.getMetadataOrDefault(PayloadDecoder.ENCODING, null);
        return encoding == null ? null : encoding.toString(StandardCharsets.UTF_8);
    }

    /** A Temporal payload that answers show decoded: its metadata names an encoding, and it holds nothing but metadata and data. */
    private static boolean isShownDecoded(Message message) {
        if (!(message instanceof Payload payload) || !payload.containsMetadata(PayloadDecoder.ENCODING)) {
            return false;
        }
        for (FieldDescriptor field : fieldsOf(payload)) {
            if (field.getNumber() != Payload.METADATA_FIELD_NUMBER
                    && field.getNumber() != Payload.DATA_FIELD_NUMBER
                    && isSet(payload, field)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The fields of {@code message}'s type in field-number order: the order {@code getAllFields()} gives
     * them, without the sorted map and lists it builds for every message (5% of what a cold details
     * request allocated, JFR).
     */
    private static FieldDescriptor[] fieldsOf(Message message) {
        return FIELDS_BY_NUMBER.computeIfAbsent(
                message.getDescriptorForType(),
                type -> type.getFields().stream()
                        .sorted(Comparator.comparingInt(FieldDescriptor::getNumber))
                        .toArray(FieldDescriptor[]::new));
    }

    /** Whether {@code getAllFields()} would hold {@code field}: a non-empty repeated field, or a set one. */
    private static boolean isSet(Message message, FieldDescriptor field) {
        return field.isRepeated() ? message.getRepeatedFieldCount(field) > 0 : message.hasField(field);
    }

    /** What writing a message will meet, found before anything is written: codec payloads, bad times, unknown types. */
    private static final class Scan {
        final List<Payload> codecPayloads = new ArrayList<>();
        boolean badTime;
        boolean unknownType;

        void message(Message message) {
            String type = message.getDescriptorForType().getFullName();
            if (type.equals(TIMESTAMP)) {
                badTime |= !Timestamps.isValid((Timestamp) message);
                return;
            }
            if (type.equals(DURATION)) {
                badTime |= !Durations.isValid((Duration) message);
                return;
            }
            if (type.startsWith(WELL_KNOWN) && !type.equals(EMPTY)) {
                unknownType = true;
                return;
            }
            if (isShownDecoded(message)) {
                Payload payload = (Payload) message;
                if (!PayloadDecoder.decodesLocally(encodingOf(payload))) {
                    codecPayloads.add(payload);
                }
                return;
            }
            for (FieldDescriptor field : fieldsOf(message)) {
                if (isSet(message, field)) {
                    field(field, message.getField(field));
                }
            }
        }

        /** The messages in one field's value: the message, a repeated field's elements, a map's values. */
        void field(FieldDescriptor field, Object value) {
            if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                return;
            }
            if (field.isMapField()) {
                FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
                for (Object entry : (List<?>) value) {
                    field(valueField, ((Message) entry).getField(valueField));
                }
            } else if (field.isRepeated()) {
                for (Object element : (List<?>) value) {
                    message((Message) element);
                }
            } else {
                message((Message) value);
            }
        }
    }

    /** One writing of the message, in the order {@link Scan} met it. */
    private static final class Writer {
        private final JsonGenerator out;
        private final Redactor redactor;
        private final Map<JsonNode, JsonNode> decoded;
        private final Iterator<EncodedPayload> codecPayloads;
        private final PayloadDecoder local = PayloadDecoder.afterCodec();

        Writer(
                JsonGenerator out,
                Redactor redactor,
                Map<JsonNode, JsonNode> decoded,
                Iterator<EncodedPayload> codecPayloads) {
            this.out = out;
            this.redactor = redactor;
            this.decoded = decoded == null ? Map.of() : decoded;
            this.codecPayloads = codecPayloads;
        }

        void message(Message message) throws IOException {
            Descriptor type = message.getDescriptorForType();
            String name = type.getFullName();
            if (name.equals(TIMESTAMP)) {
                // Valid (Scan sends invalid ones down the old path): written as Timestamps.toString writes it.
                Timestamp time = (Timestamp) message;
                JsonInstants.write(out, time.getSeconds(), time.getNanos());
                return;
            }
            if (name.equals(DURATION)) {
                out.writeString(Durations.toString((Duration) message));
                return;
            }
            if (isShownDecoded(message)) {
                payload((Payload) message);
                return;
            }
            out.writeStartObject();
            for (FieldDescriptor descriptor : fieldsOf(message)) {
                if (!isSet(message, descriptor)) {
                    continue;
                }
                Object fieldValue = message.getField(descriptor);
                String key = descriptor.getJsonName();
                out.writeFieldName(key);
                if (redactor.isActive() && redactor.isSensitive(key)) {
                    // Still walked, so the codec payloads after it keep their order.
                    skip(descriptor, fieldValue);
                    out.writeString(redactor.replacement());
                } else if (descriptor.isMapField()) {
                    map(descriptor, (List<?>) fieldValue);
                } else if (descriptor.isRepeated()) {
                    out.writeStartArray();
                    for (Object element : (List<?>) fieldValue) {
                        value(descriptor, element);
                    }
                    out.writeEndArray();
                } else {
                    value(descriptor, fieldValue);
                }
            }
            out.writeEndObject();
        }

        private void map(FieldDescriptor descriptor, List<?> entries) throws IOException {
            Descriptor entryType = descriptor.getMessageType();
            FieldDescriptor keyField = entryType.findFieldByName("key");
            FieldDescriptor valueField = entryType.findFieldByName("value");
            out.writeStartObject();
            for (Object element : entries) {
                Message entry = (Message) element;
                String key = String.valueOf(entry.getField(keyField));
                out.writeFieldName(key);
                if (redactor.isActive() && redactor.isSensitive(key)) {
                    skip(valueField, entry.getField(valueField));
                    out.writeString(redactor.replacement());
                } else {
                    value(valueField, entry.getField(valueField));
                }
            }
            out.writeEndObject();
        }

        private void value(FieldDescriptor field, Object value) throws IOException {
            switch (field.getType()) {
                case INT32, SINT32, SFIXED32 -> out.writeNumber((Integer) value);
                case UINT32, FIXED32 -> out.writeNumber(Integer.toUnsignedLong((Integer) value));
                case INT64, SINT64, SFIXED64 -> out.writeString(Long.toString((Long) value));
                case UINT64, FIXED64 -> out.writeString(Long.toUnsignedString((Long) value));
                case BOOL -> out.writeBoolean((Boolean) value);
                case FLOAT -> floating(((Float) value).doubleValue(), Float.toString((Float) value));
                case DOUBLE -> floating((Double) value, null);
                case STRING -> out.writeString((String) value);
                case BYTES -> out.writeString(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
                case ENUM -> {
                    EnumValueDescriptor constant = (EnumValueDescriptor) value;
                    if (constant.getIndex() == -1) {
                        out.writeNumber(constant.getNumber());
                    } else {
                        out.writeString(constant.getName());
                    }
                }
                case MESSAGE, GROUP -> message((Message) value);
            }
        }

        // protobuf prints a float with Float.toString, which Jackson then reads as a double.
        private void floating(double value, String floatText) throws IOException {
            if (Double.isNaN(value)) {
                out.writeString("NaN");
            } else if (Double.isInfinite(value)) {
                out.writeString(value > 0 ? "Infinity" : "-Infinity");
            } else {
                out.writeNumber(floatText == null ? value : Double.parseDouble(floatText));
            }
        }

        private void payload(Payload payload) throws IOException {
            JsonNode value;
            if (PayloadDecoder.decodesLocally(encodingOf(payload))) {
                value = local.decode(payload);
            } else {
                JsonNode marker = codecPayloads.next().marker();
                value = decoded.getOrDefault(marker, marker);
            }
            out.writeTree(redactor.redact(value));
        }

        /** Passes over a value that is not written (its key is redacted), keeping count of its codec payloads. */
        private void skip(FieldDescriptor field, Object value) {
            Scan scan = new Scan();
            scan.field(field, value);
            for (int i = 0; i < scan.codecPayloads.size(); i++) {
                codecPayloads.next();
            }
        }
    }
}
