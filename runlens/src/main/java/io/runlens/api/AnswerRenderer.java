package io.runlens.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runlens.payload.PayloadSerializerModifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import io.runlens.details.RenderedAnswers;

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
        byte[] bytes;
        try {
            bytes = json.writer().withAttribute(PayloadSerializerModifier.OMIT, omitPayloads)
                    .withAttribute(PayloadSerializerModifier.DECODED, decoded)
                    .writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer could not be written as JSON", e);
        }
        return new RenderedAnswers.Rendered(bytes, strongTag(bytes));
    }

    /** A strong entity tag: a digest of the exact bytes, so it changes with anything they show. */
    static String strongTag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18)) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
