package io.runlens.stream;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Data of a stream's {@code status} event: first on every connection, then when the run closes. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "StreamStatus", description = "The run's status (event status)")
public record StreamStatus(
        @Schema(required = true) String workflowId,
        @Schema(required = true) String runId,

        @Schema(
                required = true,
                description = "Temporal status: RUNNING, COMPLETED, FAILED, CANCELED, TERMINATED, "
                        + "CONTINUED_AS_NEW or TIMED_OUT")
        String status,

        @Schema(
                required = true,
                description = "The stream continues after this event id (0: from the first event). 0 "
                        + "although Last-Event-ID was sent means that id was beyond this run's history, so it belonged to an "
                        + "earlier run of the workflow id")
        long resumeAfter) {}
