package io.runlens.execution;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Keyset position in a newest-first list: the (created_at, id) of the last row a page returned.
 * Clients see it as an opaque URL-safe string; it carries no tenant data, and every query that uses
 * it is still scoped to the caller's organization.
 */
public record PageCursor(Instant createdAt, UUID id) {

    private static final byte VERSION = 1;
    private static final int LENGTH = 1 + Long.BYTES + Long.BYTES + Long.BYTES;

    public static PageCursor after(ExecutionRecord last) {
        return new PageCursor(last.createdAt, last.id);
    }

    public String encode() {
        long micros = Math.addExact(Math.multiplyExact(createdAt.getEpochSecond(), 1_000_000L), createdAt.getNano() / 1_000L);
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH)
                .put(VERSION)
                .putLong(micros)
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    /**
     * @throws IllegalArgumentException when {@code token} is not a cursor this service wrote
     */
    public static PageCursor decode(String token) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not a value returned as next_cursor");
        }
        if (bytes.length != LENGTH || bytes[0] != VERSION) {
            throw new IllegalArgumentException("cursor is not a value returned as next_cursor");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
        long micros = buffer.getLong();
        UUID id = new UUID(buffer.getLong(), buffer.getLong());
        return new PageCursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L), id);
    }
}
