package io.runlens.trace;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runlens.payload.MessageJson;
import io.runlens.payload.PayloadValue;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Kubiya's {@code WorkflowEvent}: one history event with its attributes, payloads decoded. The
 * attributes stay protobuf until the answer is written ({@link MessageJson}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "WorkflowEvent", description = "Individual workflow history event")
public record WorkflowEvent(
        @Schema(required = true) long eventId,
        @Schema(required = true) String eventType,
        @Schema(required = true) Instant eventTime,

        // Written as the JSON object it stands for: the document shows that object, not the writer.
        @Schema(implementation = ObjectNode.class) @PayloadValue(emptyObjectWhenOmitted = true)
        MessageJson details) {}
