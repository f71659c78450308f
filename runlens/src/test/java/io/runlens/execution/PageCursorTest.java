package io.runlens.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The list cursor on its own: what it writes comes back as the same position, at both ends of the
 * range an RFC 3339 time can name and across 1970, and whatever a client makes up or alters is either
 * another position or refused with the one detail the API shows, never another exception.
 * (Over HTTP: {@link ExecutionListTest}.)
 */
class PageCursorTest {

    private static final String NOT_A_CURSOR = "cursor is not a value returned as next_cursor";
    private static final UUID ID = UUID.fromString("0b8e3f5c-2d4a-4f1e-9c3b-7a6d5e4f3a2b");

    /** A version-{@code version} cursor for {@code micros} since 1970, as a client could forge it. */
    private static String forged(int version, long micros, UUID id) {
        ByteBuffer bytes = ByteBuffer.allocate(version == 1 ? 25 : 33)
                .put((byte) version)
                .putLong(micros)
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits());
        if (version != 1) {
            bytes.putLong(ExecutionFilter.none().fingerprint());
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    static Stream<Instant> positions() {
        return Stream.of(
                Instant.parse("2025-03-14T09:26:53.589793Z"),
                Instant.EPOCH,
                // Just before 1970: the microseconds must not be rounded towards zero.
                Instant.parse("1969-12-31T23:59:59.999999Z"),
                Instant.parse("1969-07-20T20:17:40.000001Z"),
                Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999Z"));
    }

    @ParameterizedTest
    @MethodSource("positions")
    void aCursorComesBackAsTheSamePosition(Instant createdAt) {
        PageCursor cursor = new PageCursor(createdAt, ID);

        String token = cursor.encode();

        assertEquals(PageCursor.ENCODED_LENGTH, token.length());
        assertEquals(44, token.length());
        assertEquals(cursor, PageCursor.decode(token));
    }

    @Test
    void aPositionIsKeptToTheMicrosecondAsPostgresqlKeepsIt() {
        PageCursor cursor = new PageCursor(Instant.parse("2025-03-14T09:26:53.589793238Z"), ID);

        assertEquals(
                Instant.parse("2025-03-14T09:26:53.589793Z"),
                PageCursor.decode(cursor.encode()).createdAt());
    }

    @Test
    void theCursorAfterARowIsThatRowsPosition() {
        ExecutionRecord row = new ExecutionRecord();
        row.id = ID;
        row.createdAt = Instant.parse("2025-01-02T03:04:05.678901Z");

        assertEquals(new PageCursor(row.createdAt, row.id), PageCursor.after(row, ExecutionFilter.none()));
    }

    @Test
    void theFirstAndLastMicrosecondOfTheRangeAreAcceptedAndOneBeyondIsNot() {
        assertEquals(
                Instant.parse("0001-01-01T00:00:00Z"),
                PageCursor.decode(forged(2, PageCursor.FIRST_MICROS, ID)).createdAt());
        assertEquals(
                Instant.parse("9999-12-31T23:59:59.999999Z"),
                PageCursor.decode(forged(2, PageCursor.LAST_MICROS, ID)).createdAt());

        refused(forged(2, PageCursor.FIRST_MICROS - 1, ID));
        refused(forged(2, PageCursor.LAST_MICROS + 1, ID));
        refused(forged(2, Long.MIN_VALUE, ID));
        refused(forged(2, Long.MAX_VALUE, ID));
    }

    static Stream<Arguments> notCursors() {
        String valid = new PageCursor(Instant.parse("2025-03-14T09:26:53.589793Z"), ID).encode();
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("one character short", valid.substring(1)),
                Arguments.of("one character more", valid + "A"),
                Arguments.of("padded", valid + "=="),
                Arguments.of("padding inside the length", valid.substring(0, 42) + "=="),
                Arguments.of("standard base64's + and /", "+/" + valid.substring(2)),
                Arguments.of("a space inside", valid.substring(0, 10) + " " + valid.substring(11)),
                Arguments.of("not base64 at all", "%".repeat(44)),
                Arguments.of("version 0", forged(0, 0, ID)),
                Arguments.of("version 1, without the filter", forged(1, 0, ID)),
                Arguments.of("version 3", forged(3, 0, ID)),
                Arguments.of("version -1", forged(-1, 0, ID)),
                Arguments.of("16 KiB", "A".repeat(16 * 1024)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notCursors")
    void whatRunlensCannotHaveWrittenIsRefusedWithTheApisDetail(String what, String token) {
        refused(token);
    }

    /**
     * A cursor carries no secret and no signature: every query it feeds is scoped to the caller's
     * organization. What a change to any one character must never do is fail in some other way than
     * the refusal the API turns into a 400 (an arithmetic or buffer exception would be a 500).
     */
    @Test
    void everyOneCharacterChangeIsAnotherPositionOrTheSameRefusal() {
        String valid = new PageCursor(Instant.parse("2025-03-14T09:26:53.589793Z"), ID).encode();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ .";
        List<String> failures = new ArrayList<>();
        int positions = 0;
        for (int at = 0; at < valid.length(); at++) {
            for (char c : alphabet.toCharArray()) {
                String tampered = valid.substring(0, at) + c + valid.substring(at + 1);
                try {
                    PageCursor decoded = PageCursor.decode(tampered);
                    positions++;
                    // Another position is a real one: it writes back to a cursor that decodes to itself.
                    assertEquals(decoded, PageCursor.decode(decoded.encode()), tampered);
                } catch (IllegalArgumentException e) {
                    if (!NOT_A_CURSOR.equals(e.getMessage())) {
                        failures.add(tampered + ": " + e);
                    }
                } catch (RuntimeException e) {
                    failures.add(tampered + ": " + e);
                }
            }
        }
        assertEquals(List.of(), failures);
        // The version character alone refuses most changes; a change to the id or time is another position.
        assertTrue(positions > 1000, positions + " tampered cursors decoded");
    }

    private static void refused(String token) {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> PageCursor.decode(token), token);
        assertEquals(NOT_A_CURSOR, refused.getMessage());
    }
}
