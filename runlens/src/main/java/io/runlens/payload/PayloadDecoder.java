package io.runlens.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns Temporal payloads into JSON. The encodings of Temporal's default data converter are decoded
 * here; anything else (encrypted, binary protobuf), and JSON nested deeper than
 * {@link PayloadReader#MAX_DEPTH}, becomes a marked object that says which encoding it had and why it
 * was not decoded, never an error.
 */
public final class PayloadDecoder {

    public static final String ENCODING = "encoding";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Consumer<EncodedPayload> forCodec;

    /**
     * A decoder that hands each payload only a codec server can decode to {@code forCodec} (the fold
     * that met it collects them, and the answer sends them to the codec server once).
     */
    public PayloadDecoder(Consumer<EncodedPayload> forCodec) {
        this.forCodec = forCodec;
    }

    /** A decoder for what a codec server sent back: a payload still encoded after it stays undecodable. */
    public static PayloadDecoder afterCodec() {
        return new PayloadDecoder(stillEncoded -> {});
    }

    /** One payload as a JSON value. */
    public JsonNode decode(Payload payload) {
        String encoding = payload.getMetadataOrDefault(ENCODING, com.google.protobuf.ByteString.EMPTY)
                .toString(StandardCharsets.UTF_8);
        switch (encoding) {
            case "binary/null":
                return NODES.nullNode();
            case "json/plain":
            case "json/protobuf":
                try {
                    return PayloadReader.read(payload.getData().toByteArray(), encoding);
                } catch (java.io.IOException e) {
                    return undecodable(encoding, "data is not valid JSON");
                }
            case "binary/plain":
                // Bytes have no JSON form: show them as base64 text, labelled so nobody mistakes them for a string.
                ObjectNode bytes = NODES.objectNode();
                bytes.put(ENCODING, encoding);
                bytes.put(
                        "base64",
                        Base64.getEncoder().encodeToString(payload.getData().toByteArray()));
                return bytes;
            case "":
                return undecodable("(none)", "payload has no encoding metadata");
            default:
                EncodedPayload encoded = EncodedPayload.of(encoding, payload);
                forCodec.accept(encoded);
                return encoded.marker();
        }
    }

    /** Whether {@link #decode} decodes a payload of this encoding itself, without a codec server. */
    static boolean decodesLocally(String encoding) {
        return switch (encoding == null ? "" : encoding) {
            case "binary/null", "json/plain", "json/protobuf", "binary/plain", "" -> true;
            default -> false;
        };
    }

    /** All payloads of an argument list, each decoded. */
    public List<JsonNode> decodeAll(Payloads payloads) {
        return payloads.getPayloadsList().stream().map(this::decode).toList();
    }

    /**
     * The schema's {@code object | null} form of an argument list: nothing is null, one object is
     * itself, one other value is {@code {"value": v}}, several are {@code {"args": [...]}}.
     */
    public ObjectNode asObject(Payloads payloads) {
        if (payloads == null || payloads.getPayloadsCount() == 0) {
            return null;
        }
        List<JsonNode> values = decodeAll(payloads);
        if (values.size() == 1) {
            JsonNode only = values.get(0);
            if (only.isObject()) {
                return (ObjectNode) only;
            }
            ObjectNode wrapped = NODES.objectNode();
            wrapped.set("value", only);
            return wrapped;
        }
        ObjectNode args = NODES.objectNode();
        ArrayNode array = args.putArray("args");
        values.forEach(array::add);
        return args;
    }

    /** The marked object that stands for a payload Runlens could not decode. */
    public static ObjectNode undecodable(String encoding, String reason) {
        return PayloadReader.undecodable(encoding, reason);
    }

    /**
     * Replaces, anywhere in a protobuf-JSON tree, each {@code {"metadata": {"encoding": …}, "data": …}}
     * payload object by its decoded value, so event details show data instead of base64.
     */
    public JsonNode decodeEmbedded(JsonNode tree) {
        if (tree.isObject()) {
            ObjectNode object = (ObjectNode) tree;
            if (isEncodedPayload(object)) {
                return decode(PayloadJsonCodec.fromJson(object));
            }
            object.fields().forEachRemaining(field -> field.setValue(decodeEmbedded(field.getValue())));
            return object;
        }
        if (tree.isArray()) {
            ArrayNode array = (ArrayNode) tree;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, decodeEmbedded(array.get(i)));
            }
        }
        return tree;
    }

    private static boolean isEncodedPayload(ObjectNode object) {
        JsonNode metadata = object.get("metadata");
        return metadata != null
                && metadata.isObject()
                && metadata.has(ENCODING)
                && (object.size() == 1 || (object.size() == 2 && object.has("data")));
    }
}
