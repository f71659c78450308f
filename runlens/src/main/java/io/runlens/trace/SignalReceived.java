package io.runlens.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runlens.payload.PayloadValue;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A signal the workflow received. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "SignalReceived")
public record SignalReceived(
        long eventId,
        String signalName,
        Instant time,
        @PayloadValue ObjectNode input,
        String identity) {}
