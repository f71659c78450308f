package io.runlens.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Names the live stream's events in the document: OpenAPI 3.1 has no way to say what a
 * {@code text/event-stream} carries, so its media type gets {@code x-sse-events}: for each event
 * name, whether it has an {@code id:} and the component its {@code data:} JSON follows. A client
 * generator ignores it; a developer (or a generator that reads it) finds every event's schema.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class StreamEventsDocument implements OASFilter {

    static final String EXTENSION = "x-sse-events";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        var item = openAPI.getPaths().getPathItem("/api/v1/executions/{execution_id}/stream");
        if (item == null || item.getGET() == null) {
            return;
        }
        var ok = item.getGET().getResponses().getAPIResponse("200");
        if (ok == null || ok.getContent() == null) {
            return;
        }
        var media = ok.getContent().getMediaType(MediaType.SERVER_SENT_EVENTS);
        if (media != null) {
            media.addExtension(EXTENSION, events());
        }
    }

    private static Map<String, Object> events() {
        Map<String, Object> events = new LinkedHashMap<>();
        events.put("status", event("StreamStatus", false, "First on every connection, again when the run closes"));
        events.put("timeline", event("TimelineEntry", true, "A history event the timeline shows"));
        events.put("history_event", event("WorkflowEvent", true, "A history event the timeline leaves out"));
        events.put("end", event("StreamEnd", false, "The run closed; nothing follows"));
        events.put("reconnect", event("StreamReconnect", false, "The stream ends before the run; reconnect"));
        events.put("problem", event("Problem", false, "Temporal failed mid-stream; reconnect later"));
        return events;
    }

    private static Map<String, Object> event(String schema, boolean hasId, String description) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("description", description);
        event.put("id", hasId ? "the Temporal event id" : "none");
        event.put("data", Map.of("$ref", "#/components/schemas/" + schema));
        return event;
    }
}
