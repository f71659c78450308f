package io.runlens.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Data of a stream's {@code reconnect} event: the stream ends before the run does; resume after {@code last_event_id}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "StreamReconnect", description = "The stream reached its longest duration (event reconnect)")
public record StreamReconnect(
        @Schema(required = true, description = "max_duration") String reason,
        @Schema(required = true, description = "Send it as Last-Event-ID to continue") long lastEventId) {
}
