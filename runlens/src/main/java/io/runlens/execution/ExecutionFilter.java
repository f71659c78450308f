package io.runlens.execution;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a list request narrows to, besides the caller's organization: any of {@code statuses} (all
 * when empty), one workflow definition, one workflow type, and creation and start times.
 */
public record ExecutionFilter(
        Set<ExecutionStatus> statuses,
        Optional<String> workflowId,
        Optional<String> workflowType,
        TimeRange created,
        TimeRange started) {

    public ExecutionFilter {
        statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
    }

    /** One status or none, one workflow definition or none, and no other narrowing. */
    public ExecutionFilter(Optional<ExecutionStatus> status, Optional<String> workflowId) {
        this(status.map(Set::of).orElse(Set.of()), workflowId, Optional.empty(), TimeRange.ANY, TimeRange.ANY);
    }

    public static ExecutionFilter none() {
        return new ExecutionFilter(Optional.empty(), Optional.empty());
    }

    /** The same filter for one workflow definition. */
    public ExecutionFilter ofDefinition(String definition) {
        return new ExecutionFilter(statuses, Optional.of(definition), workflowType, created, started);
    }

    /** The statuses to list: the ones asked for, every status when none was. */
    public Set<ExecutionStatus> statusesToList() {
        return statuses.isEmpty() ? EnumSet.allOf(ExecutionStatus.class) : statuses;
    }

    /**
     * 64 bits of a SHA-256 of the filter: a cursor carries it so that it is only honoured by the list
     * it was made for (the rows after a position depend on the filter; one list's position is not a
     * page of another).
     */
    public long fingerprint() {
        StringBuilder canonical = new StringBuilder();
        EnumSet<ExecutionStatus> sorted =
                statuses.isEmpty() ? EnumSet.noneOf(ExecutionStatus.class) : EnumSet.copyOf(statuses);
        sorted.forEach(status -> canonical.append(status.word()).append(','));
        canonical.append('\u0000').append(workflowId.map(id -> "=" + id).orElse("-"));
        canonical.append('\u0000').append(workflowType.map(type -> "=" + type).orElse("-"));
        canonical.append('\u0000').append(created).append('\u0000').append(started);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** A half-open time range: at or after {@code from}, strictly before {@code before}; either end may be open. */
    public record TimeRange(Optional<Instant> from, Optional<Instant> before) {

        public static final TimeRange ANY = new TimeRange(Optional.empty(), Optional.empty());

        public boolean isAny() {
            return from.isEmpty() && before.isEmpty();
        }

        @Override
        public String toString() {
            return from.map(Instant::toString).orElse("") + "/"
                    + before.map(Instant::toString).orElse("");
        }
    }
}
