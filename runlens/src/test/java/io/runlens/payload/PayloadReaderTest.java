package io.runlens.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * User JSON read into a tree no deeper than {@value PayloadReader#MAX_DEPTH} levels: up to the bound the
 * payload is served whole, one level past it the payload (and only it) becomes the {@code undecodable}
 * marker saying why, and what is not JSON at all stays an error for the caller to handle.
 * (In answers over HTTP: {@link HostilePayloadTest}.)
 */
class PayloadReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String arrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static String objects(int depth) {
        return "{\"k\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }

    private static int depth(JsonNode node) {
        int depth = 0;
        while (node.isContainerNode()) {
            depth++;
            if (node.isEmpty()) {
                break;
            }
            node = node.isArray() ? node.get(0) : node.elements().next();
        }
        return depth;
    }

    @Test
    void aPayloadAsDeepAsTheBoundIsReadWhole() throws Exception {
        JsonNode arrays = PayloadReader.read(arrays(PayloadReader.MAX_DEPTH), "json/plain");
        JsonNode objects =
                PayloadReader.read(objects(PayloadReader.MAX_DEPTH).getBytes(StandardCharsets.UTF_8), "json/plain");

        assertEquals(200, depth(arrays));
        assertEquals(200, depth(objects));
        assertEquals(JSON.readTree(objects(200)), objects);
    }

    @Test
    void oneLevelDeeperIsTheMarkerSayingWhy() throws Exception {
        JsonNode expected = JSON.readTree(
                "{\"undecodable\":true,\"encoding\":\"json/plain\",\"reason\":\"nested deeper than 200 levels\"}");

        assertEquals(expected, PayloadReader.read(arrays(201), "json/plain"));
        assertEquals(expected, PayloadReader.read(objects(201).getBytes(StandardCharsets.UTF_8), "json/plain"));
    }

    /** Past Jackson's own 1,000 levels and far past the bound: still the marker, never a stack overflow. */
    @Test
    void aPayloadBuiltToHurtIsTheMarkerToo() throws Exception {
        JsonNode marker =
                PayloadReader.read("{\"order\":\"o-17\",\"notes\":" + arrays(50_000) + "}", "binary/encrypted+json");

        assertTrue(marker.get("undecodable").asBoolean());
        assertEquals("binary/encrypted+json", marker.get("encoding").asText());
        assertEquals(3, marker.size(), "the marker shows nothing of the payload: " + marker);
    }

    @Test
    void whatIsNotJsonIsAnErrorAndNothingIsMissing() throws Exception {
        assertThrows(JsonProcessingException.class, () -> PayloadReader.read("{\"a\":", "json/plain"));
        assertThrows(JsonProcessingException.class, () -> PayloadReader.read("[1,]x", "json/plain"));
        assertTrue(PayloadReader.read("", "json/plain").isMissingNode());
        assertTrue(PayloadReader.read(new byte[0], "json/plain").isMissingNode());
        assertEquals(JSON.readTree("\"plain text\""), PayloadReader.read("\"plain text\"", "json/plain"));
    }
}
