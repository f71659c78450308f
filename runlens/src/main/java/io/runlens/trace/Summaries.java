package io.runlens.trace;

import com.fasterxml.jackson.databind.JsonNode;
import io.runlens.payload.PayloadDecoder;
import io.temporal.api.history.v1.HistoryEvent;

/** The summary a workflow gives a command (ActivityOptions.setSummary and the like): a payload like any other. */
final class Summaries {

    private Summaries() {}

    static JsonNode of(HistoryEvent event, PayloadDecoder payloads) {
        if (!event.hasUserMetadata() || !event.getUserMetadata().hasSummary()) {
            return null;
        }
        JsonNode summary = payloads.decode(event.getUserMetadata().getSummary());
        return summary.isNull() ? null : summary;
    }
}
