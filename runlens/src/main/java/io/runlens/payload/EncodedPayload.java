package io.runlens.payload;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.api.common.v1.Payload;

/**
 * A payload in an encoding Runlens does not decode itself (encrypted, compressed): {@code marker} is
 * the {@code undecodable} object that stands for it in a trace, and {@code payload} the original, for a
 * codec server to decode for the answer that shows it. The marker is never changed: the answer's
 * writer puts what the codec server made of it in its place, finding it by identity.
 */
public record EncodedPayload(ObjectNode marker, String encoding, Payload payload) {

    static final String NOT_DECODED = "encoding is not decoded locally and no codec server is configured";

    static EncodedPayload of(String encoding, Payload payload) {
        ObjectNode marker = JsonNodeFactory.instance.objectNode();
        marker.put("undecodable", true);
        marker.put(PayloadDecoder.ENCODING, encoding);
        marker.put("reason", NOT_DECODED);
        return new EncodedPayload(marker, encoding, payload);
    }
}
