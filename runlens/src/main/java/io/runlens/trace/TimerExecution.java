package io.runlens.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A durable timer, grouped by its TimerStarted event. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "TimerExecution")
public record TimerExecution(
        String timerId,
        long startedEventId,
        @Schema(description = "started, fired or cancelled") TimerStatus status,
        Long startToFireTimeoutMs,
        Instant startedTime,
        Instant firedTime) {}
