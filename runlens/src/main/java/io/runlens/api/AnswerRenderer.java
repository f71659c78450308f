package io.runlens.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runlens.details.RenderedAnswers;
import io.runlens.payload.PayloadSerializerModifier;
import jakarta.enterprise.context.ApplicationScoped;
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
        byte[] bytes;
        try {
            bytes = json.writer()
                    .withAttribute(PayloadSerializerModifier.OMIT, omitPayloads)
                    .withAttribute(PayloadSerializerModifier.DECODED, decoded)
                    .writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer could not be written as JSON", e);
        }
        return new RenderedAnswers.Rendered(bytes, EntityTags.strongTag(bytes));
    }
}
