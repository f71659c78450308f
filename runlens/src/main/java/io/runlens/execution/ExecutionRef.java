package io.runlens.execution;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How a caller names an execution: its UUID or its Temporal workflow id. A UUID-shaped id may also
 * be a workflow id (platforms often use the execution id as the workflow id), so both are kept.
 */
public record ExecutionRef(String raw, Optional<UUID> uuid) {

    /** Temporal rejects workflow ids longer than this many bytes. */
    public static final int MAX_WORKFLOW_ID_BYTES = 1000;

    // Canonical 8-4-4-4-12 form only: UUID.fromString accepts "1-1-1-1-1".
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * Parses a caller-supplied id.
     *
     * @throws InvalidExecutionIdException when the id can be neither a UUID nor a Temporal workflow id
     */
    public static ExecutionRef parse(String raw) {
        String problem = problemWith(raw);
        if (problem != null) {
            throw new InvalidExecutionIdException(problem);
        }
        Optional<UUID> uuid =
                CANONICAL_UUID.matcher(raw).matches() ? Optional.of(UUID.fromString(raw)) : Optional.empty();
        return new ExecutionRef(raw, uuid);
    }

    /** Why {@code raw} cannot name an execution, or null when it can. */
    public static String problemWith(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "execution id is empty";
        }
        if (raw.isBlank()) {
            return "execution id is blank";
        }
        if (raw.codePoints().anyMatch(ExecutionRef::isForbidden)) {
            return "execution id contains control or unpaired surrogate characters";
        }
        if (raw.getBytes(StandardCharsets.UTF_8).length > MAX_WORKFLOW_ID_BYTES) {
            return "execution id is longer than " + MAX_WORKFLOW_ID_BYTES + " bytes (Temporal's workflow id limit)";
        }
        return null;
    }

    private static boolean isForbidden(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.SURROGATE || codePoint == 0xFFFD;
    }

    /** Thrown for an id that cannot name any execution. */
    public static final class InvalidExecutionIdException extends IllegalArgumentException {
        public InvalidExecutionIdException(String message) {
            super(message);
        }
    }
}
