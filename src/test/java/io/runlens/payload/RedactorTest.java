package io.runlens.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Redactor redactor = new Redactor(List.of("password", "token", "api_key", "secret"), "[REDACTED]");

    @Test
    void keysMatchByWholeWordsWhateverTheirCaseOrSeparators() {
        for (String key : List.of("password", "PASSWORD", "db_password", "passwordHash", "access_token", "refreshToken",
                "X-Api-Key", "apiKey", "api_key_id", "client.secret", "Secret")) {
            assertTrue(redactor.isSensitive(key), key);
        }
        for (String key : List.of("max_tokens", "tokens", "total_tokens", "passwords_rotated_at", "apikeys", "secretary",
                "keyboard", "")) {
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
}
