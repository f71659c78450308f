package io.runlens.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Entity tags on their own: a tag is the digest of the exact bytes (so it changes with any of them),
 * and {@code If-None-Match} is compared weakly as RFC 9110 §13.1.2 says, with anything Runlens cannot
 * read matching nothing, so that the worst a strange header can do is cost a full answer.
 * (Over HTTP, every endpoint: {@link ConditionalGetTest}.)
 */
class EntityTagsTest {

    private static final String TAG = EntityTags.strongTag("{\"items\":[]}".getBytes(StandardCharsets.UTF_8));

    @Test
    void aTagIsTheFirst18BytesOfTheSha256OfTheBodyQuotedInBase64url() {
        // SHA-256 of no bytes is e3b0c442 98fc1c14 9afbf4c8 996fb924 27ae41e4 ...
        assertEquals("\"47DEQpj8HBSa-_TImW-5JCeu\"", EntityTags.strongTag(new byte[0]));
        assertEquals("\"7vRnQa38Op92KU07ePN6RfET\"", TAG);
    }

    @Test
    void aTagChangesWithAnyByteAndOnlyWithTheBytes() {
        byte[] body = "{\"status\":\"running\",\"attempt\":1}".getBytes(StandardCharsets.UTF_8);
        String tag = EntityTags.strongTag(body);

        assertEquals(tag, EntityTags.strongTag(Arrays.copyOf(body, body.length)));
        for (int i = 0; i < body.length; i++) {
            byte[] changed = Arrays.copyOf(body, body.length);
            changed[i] ^= 1;
            assertNotEquals(tag, EntityTags.strongTag(changed), "byte " + i);
        }
        assertNotEquals(tag, EntityTags.strongTag(Arrays.copyOf(body, body.length + 1)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"7vRnQa38Op92KU07ePN6RfET\"",
                "W/\"7vRnQa38Op92KU07ePN6RfET\"",
                "  \"7vRnQa38Op92KU07ePN6RfET\"  ",
                "\"older\", \"7vRnQa38Op92KU07ePN6RfET\"",
                "\"older\",W/\"7vRnQa38Op92KU07ePN6RfET\",\"newer\"",
                "*",
                "\"older\", *"
            })
    void aHeaderNamingTheTagOrAnyTagMatches(String ifNoneMatch) {
        assertTrue(EntityTags.matches(ifNoneMatch, TAG), ifNoneMatch);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "\"older\"",
                // Unquoted, cut short, or in another case: not the tag.
                "7vRnQa38Op92KU07ePN6RfET",
                "\"7vRnQa38Op92KU07ePN6RfE\"",
                "\"7VRNQA38OP92KU07EPN6RFET\"",
                "w/\"7vRnQa38Op92KU07ePN6RfET\"",
                "W/W/\"7vRnQa38Op92KU07ePN6RfET\"",
                "\"7vRnQa38Op92KU07ePN6RfET\"; q=1",
                "**",
                ","
            })
    void anyOtherHeaderMatchesNothing(String ifNoneMatch) {
        assertFalse(EntityTags.matches(ifNoneMatch, TAG), ifNoneMatch);
    }

    @Test
    void noHeaderMatchesNothing() {
        assertFalse(EntityTags.matches(null, TAG));
    }

    /** A list is read up to 8 KiB; past that it is not read at all (the full answer is sent), not read in part. */
    @Test
    void aListLongerThan8KiBIsNotRead() {
        String atTheBound = "\"" + "y".repeat(8192 - TAG.length() - 4) + "\", " + TAG;
        assertEquals(8192, atTheBound.length());

        assertTrue(EntityTags.matches(atTheBound, TAG));
        assertFalse(EntityTags.matches(" " + atTheBound, TAG));
        assertFalse(EntityTags.matches("*" + ",".repeat(8192), TAG));
    }
}
