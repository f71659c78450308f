package io.runlens.temporal;

import io.runlens.payload.EncodedPayload;
import io.runlens.trace.RunFacts;
import io.runlens.trace.WorkflowEvent;
import io.runlens.trace.WorkflowTrace;
import java.time.Instant;
import java.util.List;

/**
 * What Temporal says about one run: describe's summary, the folded history, or why there is none.
 *
 * @param availability {@code ok}, {@code not_found} or {@code unavailable}
 * @param reason why Temporal's part is missing; null when {@code ok}
 * @param encodedPayloads the payloads in it that only a codec server can decode
 */
public record TemporalRun(
        String availability,
        String reason,
        String namespace,
        String workflowId,
        String runId,
        String status,
        Instant startTime,
        Instant closeTime,
        String taskQueue,
        String workflowType,
        long historyLength,
        long historySizeBytes,
        RunFacts facts,
        WorkflowTrace trace,
        List<WorkflowEvent> recentEvents,
        List<EncodedPayload> encodedPayloads) {

    public static final String OK = "ok";
    public static final String NOT_FOUND = "not_found";
    public static final String UNAVAILABLE = "unavailable";

    public boolean isAvailable() {
        return OK.equals(availability);
    }

    /** Whether Temporal's answer is whole and the run has closed: then nothing in it can change. */
    public boolean hasClosed() {
        return isAvailable() && closeTime != null && facts != null && facts.closeTime() != null;
    }

    public static TemporalRun missing(String availability, String reason, String namespace, String workflowId) {
        return new TemporalRun(
                availability,
                reason,
                namespace,
                workflowId,
                null,
                null,
                null,
                null,
                null,
                null,
                0,
                0,
                null,
                WorkflowTrace.empty(),
                List.of(),
                List.of());
    }
}
