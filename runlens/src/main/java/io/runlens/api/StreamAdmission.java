package io.runlens.api;

import io.runlens.execution.ExecutionRef;
import io.runlens.stream.CredentialWatch;
import io.runlens.stream.EventKind;
import io.runlens.stream.FollowedRun;
import io.runlens.stream.StreamSlots;
import jakarta.enterprise.context.RequestScoped;
import java.util.Set;

/**
 * What {@link ExecutionStreamPreflight} settled for this request before the stream started, for
 * {@link ExecutionStreamResource} to stream: the run, where to resume, the slot it holds, whether
 * payloads are left out, how long the caller's credential stays good, and which kinds of events it sends.
 *
 * <p>The one request-scoped hand-off left, on purpose: an SSE response's head is written before its
 * first event, so refusals must be settled by a request filter. Quarkus REST's
 * {@code RestMulti.fromUniResponse}, which could settle them in the resource, truncates the answer
 * instead of mapping a failed Uni to a problem (tried: "Premature end of chunk coded message body").
 */
@RequestScoped
public class StreamAdmission {

    /** An admitted stream. */
    public record Admitted(
            FollowedRun run,
            long resumeAfter,
            StreamSlots.Slot slot,
            boolean omitPayloads,
            CredentialWatch credential,
            String organization,
            ExecutionRef ref,
            Set<EventKind> kinds) {}

    private Admitted admitted;

    void admit(Admitted admitted) {
        this.admitted = admitted;
    }

    Admitted admitted() {
        if (admitted == null) {
            throw new IllegalStateException("the stream was not admitted by its preflight filter");
        }
        return admitted;
    }
}
