package io.runlens.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runlens.payload.PayloadValue;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A workflow update, grouped by its UpdateAccepted event. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "UpdateExecution")
public record UpdateExecution(
        String updateId,
        String name,
        long acceptedEventId,

        @Schema(description = "accepted, completed or failed")
        UpdateStatus status,

        Instant acceptedTime,
        Instant completedTime,
        @PayloadValue ObjectNode input,
        @PayloadValue JsonNode result,
        FailureInfo failure) {}
