package io.runlens.api;

import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runlens.details.RenderedAnswers;
import io.runlens.payload.PayloadSerializerModifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Turns an answer into the bytes that are sent, with the payload policy applied as Jackson writes it
 * (left out when {@code omitPayloads}; sensitive keys redacted; codec results put in place of their
 * markers), and their strong ETag.
 */
@ApplicationScoped
public class AnswerRenderer {

    private final ObjectMapper json;

    public AnswerRenderer(ObjectMapper json) {
        this.json = json;
    }

    /** {@code body} as sent, and its ETag. */
    public RenderedAnswers.Rendered render(Object body, boolean omitPayloads, Map<JsonNode, JsonNode> decoded) {
        // Digested as it is written: one pass over the answer, no second read of its bytes. Kept in blocks
        // that are never copied to grow (a doubling array copied a 3 MB answer about five times over); the
        // blocks are joined once, into the exact array that is sent.
        ByteArrayBuilder bytes = new ByteArrayBuilder(8192);
        MessageDigest digest = EntityTags.newDigest();
        try (DigestOutputStream out = new DigestOutputStream(bytes, digest)) {
            json.writer()
                    .withAttribute(PayloadSerializerModifier.OMIT, omitPayloads)
                    .withAttribute(PayloadSerializerModifier.DECODED, decoded)
                    .writeValue(out, body);
        } catch (IOException e) {
            throw new IllegalStateException("an answer could not be written as JSON", e);
        }
        return new RenderedAnswers.Rendered(bytes.toByteArray(), EntityTags.tagOf(digest.digest()));
    }
}
