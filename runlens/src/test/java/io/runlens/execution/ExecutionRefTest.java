package io.runlens.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How a caller's execution id is read: a canonical UUID is also looked up as an execution id, any
 * other text only as a workflow id, and text no workflow id can be is refused with a reason. Temporal's
 * limit is in bytes of UTF-8, not characters. (Over HTTP, every endpoint: {@code api.HostileIdTest}.)
 */
class ExecutionRefTest {

    @Test
    void aCanonicalUuidIsBothAUuidAndTheTextItWasGivenAs() {
        String upper = "0B8E3F5C-2D4A-4F1E-9C3B-7A6D5E4F3A2B";

        ExecutionRef ref = ExecutionRef.parse(upper);

        assertEquals(upper, ref.raw());
        assertEquals(Optional.of(UUID.fromString(upper)), ref.uuid());
    }

    static Stream<String> uuidLikeWorkflowIds() {
        return Stream.of(
                // UUID.fromString accepts these; they are not the canonical form a row's id is written in.
                "1-1-1-1-1",
                "0b8e3f5c-2d4a-4f1e-9c3b-7a6d5e4f3a2",
                "0b8e3f5c-2d4a-4f1e-9c3b-7a6d5e4f3a2bb",
                "{0b8e3f5c-2d4a-4f1e-9c3b-7a6d5e4f3a2b}",
                "0b8e3f5c2d4a4f1e9c3b7a6d5e4f3a2b",
                " 0b8e3f5c-2d4a-4f1e-9c3b-7a6d5e4f3a2b",
                "0b8e3f5c-2d4a-4f1e-9c3b-7a6d5e4f3a2g");
    }

    @ParameterizedTest
    @MethodSource("uuidLikeWorkflowIds")
    void anythingButTheCanonicalFormIsOnlyAWorkflowId(String raw) {
        ExecutionRef ref = ExecutionRef.parse(raw);

        assertEquals(raw, ref.raw());
        assertEquals(Optional.empty(), ref.uuid());
    }

    static Stream<Arguments> atTheLimit() {
        return Stream.of(
                Arguments.of("1,000 ASCII characters", "a".repeat(1000)),
                Arguments.of("500 two-byte characters", "é".repeat(500)),
                Arguments.of("333 three-byte characters and one ASCII", "€".repeat(333) + "a"),
                Arguments.of("250 four-byte characters (surrogate pairs)", "\uD83D\uDE80".repeat(250)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("atTheLimit")
    void aThousandBytesOfUtf8IsAWorkflowId(String what, String raw) {
        assertNull(ExecutionRef.problemWith(raw));
        assertEquals(raw, ExecutionRef.parse(raw).raw());
    }

    static Stream<Arguments> refused() {
        String tooLong = "execution id is longer than 1000 bytes (Temporal's workflow id limit)";
        String control = "execution id contains control or unpaired surrogate characters";
        return Stream.of(
                Arguments.of("null", null, "execution id is empty"),
                Arguments.of("empty", "", "execution id is empty"),
                Arguments.of("spaces", "   ", "execution id is blank"),
                Arguments.of("an em space and a tab", "\u2003\t", "execution id is blank"),
                Arguments.of("1,001 ASCII characters", "a".repeat(1001), tooLong),
                Arguments.of("501 two-byte characters (1,002 bytes)", "é".repeat(501), tooLong),
                Arguments.of("251 four-byte characters", "\uD83D\uDE80".repeat(251), tooLong),
                Arguments.of("NUL", "abc\u0000def", control),
                Arguments.of("newline", "abc\ndef", control),
                Arguments.of("DEL", "abc\u007F", control),
                Arguments.of("C1 control (NEL)", "abc\u0085", control),
                Arguments.of("escape sequence", "\u001B[31m", control),
                Arguments.of("lone high surrogate", "abc\uD83D", control),
                Arguments.of("lone low surrogate", "\uDE80abc", control),
                Arguments.of("replacement character (what invalid UTF-8 decodes to)", "abc\uFFFD", control),
                // The first problem found is the one named: control characters before length.
                Arguments.of("too long and with a NUL", "a".repeat(2000) + "\u0000", control));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void textNoWorkflowIdCanBeIsRefusedWithItsReason(String what, String raw, String reason) {
        assertEquals(reason, ExecutionRef.problemWith(raw));
        ExecutionRef.InvalidExecutionIdException refused =
                assertThrows(ExecutionRef.InvalidExecutionIdException.class, () -> ExecutionRef.parse(raw));
        assertEquals(reason, refused.getMessage());
    }
}
