package io.runlens.payload;

import static io.runlens.payload.MessageScan.DURATION;
import static io.runlens.payload.MessageScan.TIMESTAMP;
import static io.runlens.payload.MessageScan.encodingOf;
import static io.runlens.payload.MessageScan.fieldsOf;
import static io.runlens.payload.MessageScan.isSet;
import static io.runlens.payload.MessageScan.isShownDecoded;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import io.temporal.api.common.v1.Payload;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** One writing of the message, in the order {@link MessageScan} met it. */
final class MessageWriter {
    private final JsonGenerator out;
    private final Redactor redactor;
    private final Map<JsonNode, JsonNode> decoded;
    private final Iterator<EncodedPayload> codecPayloads;
    private final PayloadDecoder local = PayloadDecoder.afterCodec();

    MessageWriter(
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
        MessageScan scan = new MessageScan();
        scan.field(field, value);
        for (int i = 0; i < scan.codecPayloads.size(); i++) {
            codecPayloads.next();
        }
    }
}
