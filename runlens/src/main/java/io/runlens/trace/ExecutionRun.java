package io.runlens.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One run of an execution's chain: an execution that continued as new, was retried by Temporal or
 * runs on a cron schedule spans several runs of one workflow id, each handing over to the next.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "ExecutionRun", description = "One Temporal run of the execution, oldest first")
public record ExecutionRun(
        @Schema(required = true) String runId,

        @Schema(
                required = true,
                description = "Temporal status: RUNNING, COMPLETED, FAILED, CANCELED, TERMINATED, "
                        + "CONTINUED_AS_NEW or TIMED_OUT; why the run closed")
        String status,

        @Schema(nullable = true) Instant startTime,
        @Schema(nullable = true) Instant closeTime,

        @Schema(nullable = true, description = "The run this one continues")
        String previousRunId,

        @Schema(nullable = true, description = "The run that continues this one")
        String nextRunId,

        @Schema(description = "Whether this is the run the answer shows")
        boolean shown) {}
