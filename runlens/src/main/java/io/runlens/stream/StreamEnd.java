package io.runlens.stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runlens.payload.PayloadValue;
import io.runlens.trace.FailureInfo;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Data of a stream's {@code end} event: the run closed, and the stream completes after it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "StreamEnd", description = "The run closed (event end); the stream completes after it")
public record StreamEnd(
        @Schema(required = true) String runId,

        @Schema(
                required = true,
                description = "Why the run closed: COMPLETED, FAILED, CANCELED, TERMINATED, "
                        + "CONTINUED_AS_NEW or TIMED_OUT")
        String status,

        @Schema(required = true) long lastEventId,
        @Schema(nullable = true) Instant closeTime,

        @Schema(
                nullable = true,
                description = "The run that continues this one (continue-as-new, retry, cron): open "
                        + "a new stream, with run_id or for the latest run, without Last-Event-ID")
        String nextRunId,

        @PayloadValue @Schema(nullable = true, description = "The workflow's result")
        ObjectNode result,

        @Schema(nullable = true, implementation = FailureInfo.class)
        FailureInfo failure) {}
