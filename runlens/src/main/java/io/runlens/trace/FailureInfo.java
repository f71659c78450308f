package io.runlens.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.runlens.payload.PayloadValue;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A Temporal failure and its cause chain. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "FailureInfo")
public record FailureInfo(
        String message,
        String type,
        String source,
        String stackTrace,
        Boolean nonRetryable,
        String timeoutType,
        @PayloadValue JsonNode details,
        List<FailureInfo> causes) {}
