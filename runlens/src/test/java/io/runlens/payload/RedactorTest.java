package io.runlens.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Redactor redactor = new Redactor(List.of("password", "token", "api_key", "secret"), "[REDACTED]");

    @Test
    void keysMatchByWholeWordsWhateverTheirCaseOrSeparators() {
        for (String key : List.of(
                "password",
                "PASSWORD",
                "db_password",
                "passwordHash",
                "access_token",
                "refreshToken",
                "X-Api-Key",
                "apiKey",
                "api_key_id",
                "client.secret",
                "Secret")) {
            assertTrue(redactor.isSensitive(key), key);
        }
        for (String key : List.of(
                "max_tokens",
                "tokens",
                "total_tokens",
                "passwords_rotated_at",
                "apikeys",
                "secretary",
                "keyboard",
                "")) {
            assertFalse(redactor.isSensitive(key), key);
        }
    }

    @Test
    void nestedKeysAndObjectsInsideArraysAreRedactedInACopy() throws Exception {
        JsonNode payload = JSON.readTree("""
                {"user": {"name": "ada", "password": {"hash": "x", "salt": "y"}},
                 "calls": [{"tool": "search", "api_key": "k-1", "max_tokens": 512}, ["nested", {"Token": 7}]],
                 "secret": null}
                """);
        String before = payload.toString();

        JsonNode redacted = redactor.redact(payload);

        assertEquals(JSON.readTree("""
                {"user": {"name": "ada", "password": "[REDACTED]"},
                 "calls": [{"tool": "search", "api_key": "[REDACTED]", "max_tokens": 512}, ["nested", {"Token": "[REDACTED]"}]],
                 "secret": "[REDACTED]"}
                """), redacted);
        assertEquals(before, payload.toString(), "the original (it may be cached) is never changed");
    }

    @Test
    void aPayloadWithNothingToRedactIsReturnedAsIs() throws Exception {
        JsonNode payload = JSON.readTree("{\"a\": [1, {\"b\": \"password\"}], \"max_tokens\": 3}");
        assertSame(payload, redactor.redact(payload), "values are not keys: the word password as a value stays");
        assertSame(payload, new Redactor(List.of(), "x").redact(payload));
    }

    /**
     * Nanoseconds {@code redactor} takes to decide {@code key}: the best of five timings after twenty
     * warm-up decisions (keys that long are not memoized, so each one is decided in full), which
     * leaves out JIT compilation and GC pauses of the shared machine but not the algorithm's cost.
     */
    private long nanosToDecide(String key, boolean sensitive) {
        for (int i = 0; i < 20; i++) {
            assertEquals(
                    sensitive,
                    redactor.isSensitive(key),
                    key.substring(0, 20) + "…" + key.substring(key.length() - 20));
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            redactor.isSensitive(key);
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }

    @Test
    void aFiftyThousandCharacterKeyIsDecidedInLinearTime() {
        // The bound is a hang guard, not a speed target (timed assertions flake on a busy machine): 25
        // decisions of each 50,000-character key take milliseconds when linear, and a quadratic matcher
        // (2.5e9 steps a decision) or the old cubic one would take minutes, so 10 s tells them apart.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (var key : List.of(
                    new Object[] {"a_".repeat(25_000), false},
                    new Object[] {"a_".repeat(24_990) + "api_key", true},
                    new Object[] {"x".repeat(49_990) + "_refreshToken", true},
                    new Object[] {"Ab".repeat(25_000), false},
                    new Object[] {"a_".repeat(24_990) + "max_tokens", false})) {
                long micros = nanosToDecide((String) key[0], (Boolean) key[1]) / 1_000;
                System.out.println("decided a " + ((String) key[0]).length() + "-character key in " + micros + " µs");
            }
        });
        JsonNode payload = JSON.createObjectNode().put("b_".repeat(25_000), 1).put("password", "p");
        JsonNode redacted = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            JsonNode last = null;
            for (int i = 0; i < 5; i++) {
                last = redactor.redact(payload);
            }
            return last;
        });
        assertEquals("[REDACTED]", redacted.get("password").asText());
        assertEquals(1, redacted.get("b_".repeat(25_000)).asInt());
    }

    @Test
    void theDecisionMemoIsBoundedByTheKeysItHoldsNotTheirCount() {
        assertTrue(redactor.isSensitive("access_token"));
        assertFalse(redactor.isSensitive("max_tokens"));
        assertTrue(redactor.rememberedKeyChars() >= "access_tokenmax_tokens".length(), "short keys are remembered");

        for (int i = 0; i < 3_000; i++) {
            String filler = "x".repeat(9_990);
            assertFalse(redactor.isSensitive("k" + i + filler), "key " + i);
            assertTrue(redactor.isSensitive("k" + i + filler + "_password"), "sensitive key " + i);
        }

        long retained = redactor.rememberedKeyChars();
        assertTrue(
                2 * retained <= Redactor.MEMO_BYTES,
                "6,000 distinct 10,000-character keys left " + retained + " key characters in the memo");
        assertTrue(redactor.isSensitive("access_token"));
        assertFalse(redactor.isSensitive("max_tokens"));
        assertTrue(
                redactor.isSensitive("k1" + "x".repeat(9_990) + "_password"),
                "decisions stay correct once the memo is full");
    }
}
