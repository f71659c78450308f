package io.runlens.temporal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.api.common.v1.Payload;

/**
 * A payload in an encoding Runlens does not decode itself (encrypted, compressed): it shows as an
 * {@code undecodable} marker, and keeps the original payload so a codec server can decode it for
 * the request that serves it. The marker is never changed; a decoded value replaces it on the way out.
 */
public final class EncodedPayload extends ObjectNode {

    private static final long serialVersionUID = 1L;

    private final transient Payload payload;

    EncodedPayload(String encoding, Payload payload) {
        super(JsonNodeFactory.instance);
        this.payload = payload;
        put("undecodable", true);
        put(PayloadDecoder.ENCODING, encoding);
        put("reason", "encoding is not decoded locally and no codec server is configured");
    }

    public Payload payload() {
        return payload;
    }

    public String encoding() {
        return get(PayloadDecoder.ENCODING).asText();
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
