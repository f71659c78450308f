package io.runlens.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A workflow task that failed or timed out: the worker could not make progress. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "WorkflowTaskProblem")
public record WorkflowTaskProblem(
        long eventId,
        @Schema(description = "failed or timed_out") String kind,
        Instant time,
        String cause,
        String identity,
        FailureInfo failure) {}
