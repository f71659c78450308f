package io.runlens.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.runlens.payload.PayloadValue;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A local activity, recorded by its worker as a MarkerRecorded event. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "LocalActivityExecution")
public record LocalActivityExecution(
        String activityId,
        String activityType,
        LocalActivityStatus status,
        long eventId,
        Instant recordedTime,
        Integer attempt,
        @PayloadValue JsonNode result,
        FailureInfo failure,

        @Schema(description = "Summary the workflow gave it (user metadata, a payload: usually text), if any")
        @PayloadValue
        JsonNode summary) {}
