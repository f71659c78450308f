package io.runlens.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reads user JSON (a row's {@code payload}/{@code result}, a Temporal {@code json/*} payload) into a
 * tree no deeper than {@link #MAX_DEPTH}. A deeper one becomes an {@code undecodable} marker: only
 * that payload is degraded, and the answer carrying it can still be written.
 */
public final class PayloadReader {

    /**
     * Deepest payload served whole. Jackson writes at most 1,000 levels, answers wrap a payload up to
     * about 7 levels deep (list items, {@code trace.activities[].input}, {@code {"args": [...]}},
     * {@code recent_events[].details.input.payloads[]}), and redaction and writing recurse once per
     * level on the event loop: 200 leaves room for all of that, and for any payload a program means.
     */
    public static final int MAX_DEPTH = 200;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PayloadReader() {}

    /** {@code json} as a tree, or the marker when it nests deeper than {@link #MAX_DEPTH}; fails when it is not JSON. */
    public static JsonNode read(byte[] json, String encoding) throws IOException {
        try (JsonParser parser = MAPPER.createParser(json)) {
            return read(parser, encoding);
        }
    }

    /** As {@link #read(byte[], String)}, from text. */
    public static JsonNode read(String json, String encoding) throws IOException {
        try (JsonParser parser = MAPPER.createParser(json)) {
            return read(parser, encoding);
        }
    }

    private static JsonNode read(JsonParser parser, String encoding) throws IOException {
        try {
            JsonNode tree = MAPPER.readTree(parser);
            return tree == null ? MissingNode.getInstance() : tree;
        } catch (StreamConstraintsException e) {
            // The other constraints (string and number lengths) are Jackson's defaults: those stay errors.
            if (parser.getParsingContext() != null && parser.getParsingContext().getNestingDepth() >= MAX_DEPTH) {
                return undecodable(encoding, "nested deeper than " + MAX_DEPTH + " levels");
            }
            throw e;
        }
    }

    /** The marked object that stands for a payload Runlens could not decode. */
    public static ObjectNode undecodable(String encoding, String reason) {
        ObjectNode marker = NODES.objectNode();
        marker.put("undecodable", true);
        marker.put("encoding", encoding);
        marker.put("reason", reason);
        return marker;
    }
}
