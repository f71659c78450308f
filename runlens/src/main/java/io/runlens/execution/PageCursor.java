package io.runlens.execution;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Keyset position in a newest-first list: the (created_at, id) of the last row a page returned, and
 * the {@link ExecutionFilter#fingerprint() fingerprint} of the filter that list was made with, so a
 * cursor is honoured only by the same filters (a position in one list is not a page of another).
 * Clients see it as an opaque URL-safe string; it carries no tenant data, and every query that uses
 * it is still scoped to the caller's organization.
 */
public record PageCursor(Instant createdAt, UUID id, long filter) {

    // Version 1 had no filter fingerprint: such a cursor is refused like any value Runlens did not write.
    private static final byte VERSION = 2;
    private static final int LENGTH = 1 + Long.BYTES + Long.BYTES + Long.BYTES + Long.BYTES;
    /** What {@link #encode()} writes: 33 bytes in unpadded base64url. */
    static final int ENCODED_LENGTH = (LENGTH * 8 + 5) / 6;
    // The times an RFC 3339 answer can name (years 0001 to 9999), in microseconds since 1970. PostgreSQL
    // takes 4713 BC to 294276 AD, and a 64-bit count goes past both ends: a time outside this range
    // came from no row Runlens showed, and bound as a parameter it failed in the driver or matched rows.
    static final long FIRST_MICROS = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;
    static final long LAST_MICROS =
            Instant.parse("9999-12-31T23:59:59.999999Z").getEpochSecond() * 1_000_000L + 999_999L;
    private static final String NOT_A_CURSOR = "cursor is not a value returned as next_cursor";

    /** A position in the unfiltered list. */
    public PageCursor(Instant createdAt, UUID id) {
        this(createdAt, id, ExecutionFilter.none().fingerprint());
    }

    public static PageCursor after(ExecutionRecord last, ExecutionFilter filter) {
        return new PageCursor(last.createdAt, last.id, filter.fingerprint());
    }

    /** Whether this cursor was made by a list with {@code filter}. */
    public boolean belongsTo(ExecutionFilter filter) {
        return this.filter == filter.fingerprint();
    }

    public String encode() {
        long micros =
                Math.addExact(Math.multiplyExact(createdAt.getEpochSecond(), 1_000_000L), createdAt.getNano() / 1_000L);
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH)
                .put(VERSION)
                .putLong(micros)
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits())
                .putLong(filter);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    /**
     * @throws IllegalArgumentException when {@code token} is not a cursor this service wrote
     */
    public static PageCursor decode(String token) {
        // Checked before decoding: a 16 KiB parameter is refused without being decoded.
        if (token.length() != ENCODED_LENGTH) {
            throw new IllegalArgumentException(NOT_A_CURSOR);
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(NOT_A_CURSOR);
        }
        if (bytes.length != LENGTH || bytes[0] != VERSION) {
            throw new IllegalArgumentException(NOT_A_CURSOR);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
        long micros = buffer.getLong();
        if (micros < FIRST_MICROS || micros > LAST_MICROS) {
            throw new IllegalArgumentException(NOT_A_CURSOR);
        }
        UUID id = new UUID(buffer.getLong(), buffer.getLong());
        return new PageCursor(
                Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L),
                id,
                buffer.getLong());
    }
}
