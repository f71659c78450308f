package io.runlens.payload;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import io.temporal.api.common.v1.Payload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What writing a message will meet, found before anything is written: codec payloads, bad times, unknown types. */
final class MessageScan {
    static final String TIMESTAMP = Timestamp.getDescriptor().getFullName();
    static final String DURATION = Duration.getDescriptor().getFullName();
    private static final String WELL_KNOWN = "google.protobuf.";
    private static final String EMPTY = "google.protobuf.Empty";
    private static final Map<Descriptor, FieldDescriptor[]> FIELDS_BY_NUMBER = new ConcurrentHashMap<>();

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

    static String encodingOf(Payload payload) {
        ByteString encoding = payload.getMetadataOrDefault(PayloadDecoder.ENCODING, null);
        return encoding == null ? null : encoding.toString(StandardCharsets.UTF_8);
    }

    /** A Temporal payload that answers show decoded: its metadata names an encoding, and it holds nothing but metadata and data. */
    static boolean isShownDecoded(Message message) {
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
    static FieldDescriptor[] fieldsOf(Message message) {
        return FIELDS_BY_NUMBER.computeIfAbsent(
                message.getDescriptorForType(),
                type -> type.getFields().stream()
                        .sorted(Comparator.comparingInt(FieldDescriptor::getNumber))
                        .toArray(FieldDescriptor[]::new));
    }

    /** Whether {@code getAllFields()} would hold {@code field}: a non-empty repeated field, or a set one. */
    static boolean isSet(Message message, FieldDescriptor field) {
        return field.isRepeated() ? message.getRepeatedFieldCount(field) > 0 : message.hasField(field);
    }
}
