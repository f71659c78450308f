package io.runlens.trace;

import com.google.protobuf.Message;
import io.runlens.payload.MessageJson;
import io.runlens.payload.PayloadDecoder;
import io.temporal.api.history.v1.HistoryEvent;

/**
 * A history event as {@code recent_events[]} shows it: its attributes, written as JSON with payloads
 * decoded when the answer is written ({@link MessageJson}), failure chains cut to what is shown.
 */
final class EventDetails {

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

    private MessageJson details(HistoryEvent event) {
        Message attributes = attributesOf(event);
        if (attributes == null) {
            return MessageJson.empty();
        }
        return MessageJson.of(FailureChains.withTruncatedFailures(attributes), payloads);
    }

    /** The attributes of {@code event}: the one field of its "attributes" oneof that is set; null if none. */
    static Message attributesOf(HistoryEvent event) {
        var field = event.getOneofFieldDescriptor(
                HistoryEvent.getDescriptor().getOneofs().get(0));
        return field == null ? null : (Message) event.getField(field);
    }
}
