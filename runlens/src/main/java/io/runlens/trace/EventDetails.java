package io.runlens.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.runlens.payload.PayloadDecoder;
import io.temporal.api.history.v1.HistoryEvent;
import java.io.IOException;

/** A history event as {@code recent_events[]} shows it: its attributes as JSON, payloads decoded. */
final class EventDetails {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFormat.Printer PROTO_JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private final PayloadDecoder payloads;

    EventDetails(PayloadDecoder payloads) {
        this.payloads = payloads;
    }

    WorkflowEvent of(HistoryEvent event) {
        return new WorkflowEvent(
                event.getEventId(),
                ProtoValues.eventTypeName(event.getEventType()),
                ProtoValues.instant(event.getEventTime()),
                details(event));
    }

    private ObjectNode details(HistoryEvent event) {
        Message attributes = attributesOf(event);
        if (attributes == null) {
            return NODES.objectNode();
        }
        attributes = FailureChains.withTruncatedFailures(attributes);
        try {
            JsonNode tree = MAPPER.readTree(PROTO_JSON.print(attributes));
            JsonNode decoded = payloads.decodeEmbedded(tree);
            return decoded.isObject() ? (ObjectNode) decoded : NODES.objectNode();
        } catch (IOException e) {
            ObjectNode marker = NODES.objectNode();
            marker.put("undecodable", true);
            marker.put("reason", "attributes could not be rendered as JSON");
            return marker;
        }
    }

    // The attributes are the one field of the event's "attributes" oneof that is set.
    private static Message attributesOf(HistoryEvent event) {
        var field = event.getOneofFieldDescriptor(
                HistoryEvent.getDescriptor().getOneofs().get(0));
        return field == null ? null : (Message) event.getField(field);
    }
}
