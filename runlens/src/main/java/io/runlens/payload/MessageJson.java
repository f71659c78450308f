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
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.temporal.api.common.v1.Payload;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        MessageScan scan = new MessageScan();
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
            encoded.add(new EncodedPayload((ObjectNode) marker, MessageScan.encodingOf(payload), payload));
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
        new MessageWriter(generator, redactor, decoded, encoded.iterator()).message(message);
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
}
