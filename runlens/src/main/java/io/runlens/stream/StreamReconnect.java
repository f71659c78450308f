package io.runlens.stream;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Data of a stream's {@code reconnect} event: the stream ends before the run does; resume after {@code last_event_id}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
        name = "StreamReconnect",
        description = "The stream ends before the run does (event reconnect): it reached its "
                + "longest duration, or the credential it was opened with is no longer good")
public record StreamReconnect(
        @Schema(
                required = true,
                enumeration = {"max_duration", "credential_expired", "credential_revoked", "credential_unverified"},
                description = "max_duration: reconnect as before; credential_expired (the token "
                        + "expired), credential_revoked (the API key was revoked), credential_unverified (the API key could not be "
                        + "re-checked): reconnect with a fresh credential")
        String reason,

        @Schema(required = true, description = "Send it as Last-Event-ID to continue")
        long lastEventId) {}
