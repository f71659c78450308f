package io.runlens.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.runlens.payload.PayloadValue;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A pending activity's live state: what a retrying activity shows before its Started event exists. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "PendingActivityState")
public record PendingActivityState(
        String state,
        int attempt,
        Integer maximumAttempts,
        FailureInfo lastFailure,
        Instant lastHeartbeatTime,
        @PayloadValue JsonNode heartbeatDetails,
        Instant lastStartedTime,
        Instant nextAttemptScheduleTime,
        Instant expirationTime,
        String lastWorkerIdentity) {}
