package io.runlens.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/**
 * The stored form of an API key: lowercase hex SHA-256 of its UTF-8 bytes. It is what {@code api_key.key_hash}
 * holds for every key ever issued, so it must not change: a different digest, encoding or case would
 * turn every existing key into an unknown one. (Creation and lookup against PostgreSQL: {@link ApiKeyTest}.)
 */
class ApiKeyHashTest {

    @Test
    void aKeyIsStoredAsTheLowercaseHexSha256OfItsUtf8Bytes() {
        // FIPS 180-2's own example: SHA-256("abc").
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeys.hash("abc"));
        assertEquals("bafc3092ebdde4c7d3ac2bd3671f6beacaf37d18bb077ad73d20cca50e668d19", ApiKeys.hash("rlk_é"));
    }

    @Test
    void keysThatDifferInCaseOrByOneCharacterHaveDifferentHashes() {
        String key = "rlk_q7c5XbJ0v3m1Yw8sR2nK4tL6uH9pA0dE1fG2hI3jK4l";

        assertEquals(64, ApiKeys.hash(key).length());
        assertEquals(ApiKeys.hash(key), ApiKeys.hash(new String(key.toCharArray())));
        assertNotEquals(ApiKeys.hash(key), ApiKeys.hash(key.toUpperCase()));
        assertNotEquals(ApiKeys.hash(key), ApiKeys.hash(key.substring(0, key.length() - 1)));
        assertNotEquals(ApiKeys.hash(key), ApiKeys.hash(key + " "));
    }
}
