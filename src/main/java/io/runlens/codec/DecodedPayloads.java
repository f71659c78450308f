package io.runlens.codec;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.RequestScoped;
import java.util.IdentityHashMap;
import java.util.Map;

/** What the codec server made of this request's encoded payloads: marker (by identity) to value. */
@RequestScoped
public class DecodedPayloads {

    private final Map<JsonNode, JsonNode> decoded = new IdentityHashMap<>();

    public void put(JsonNode marker, JsonNode value) {
        decoded.put(marker, value);
    }

    public Map<JsonNode, JsonNode> asMap() {
        return decoded;
    }
}
