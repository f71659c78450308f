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
 * @param latestEventTime the time of the newest event of its history; null when Temporal's part is missing
 * @param revision a digest of the describe answer it was assembled with: two reads of a run with the same
 *        revision folded the same history with the same pending state, so they answer the same; null
 *        when Temporal's part is missing
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
        List<EncodedPayload> encodedPayloads,
        Instant latestEventTime,
        String revision) {

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

    /** This run with only its newest {@code recentWindow} recent events. */
    public TemporalRun withRecentWindow(int recentWindow) {
        if (recentEvents.size() <= recentWindow) {
            return this;
        }
        return new TemporalRun(
                availability,
                reason,
                namespace,
                workflowId,
                runId,
                status,
                startTime,
                closeTime,
                taskQueue,
                workflowType,
                historyLength,
                historySizeBytes,
                facts,
                trace,
                recentEvents.subList(0, recentWindow),
                encodedPayloads,
                latestEventTime,
                revision);
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
                List.of(),
                null,
                null);
    }
}
