package io.runlens.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import java.util.Base64;

/**
 * A Temporal payload in protobuf's JSON form, {@code {"metadata": {key: base64}, "data": base64}}: the
 * form of payloads inside event attributes printed as JSON, and of Temporal's remote codec protocol.
 */
public final class PayloadJsonCodec {

    private PayloadJsonCodec() {}

    public static ObjectNode toJson(Payload payload) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ObjectNode metadata = json.putObject("metadata");
        payload.getMetadataMap()
                .forEach((key, value) -> metadata.put(key, Base64.getEncoder().encodeToString(value.toByteArray())));
        json.put("data", Base64.getEncoder().encodeToString(payload.getData().toByteArray()));
        return json;
    }

    /** The payload {@code json} stands for; missing parts are left empty. */
    public static Payload fromJson(JsonNode json) {
        Payload.Builder payload = Payload.newBuilder();
        JsonNode metadata = json == null ? null : json.get("metadata");
        if (metadata != null && metadata.isObject()) {
            metadata.fields()
                    .forEachRemaining(entry -> payload.putMetadata(
                            entry.getKey(),
                            ByteString.copyFrom(
                                    Base64.getDecoder().decode(entry.getValue().asText()))));
        }
        if (json != null && json.hasNonNull("data")) {
            payload.setData(ByteString.copyFrom(
                    Base64.getDecoder().decode(json.get("data").asText())));
        }
        return payload.build();
    }
}
