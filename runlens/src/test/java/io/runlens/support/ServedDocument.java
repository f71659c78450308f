package io.runlens.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The OpenAPI document Runlens serves, as a validator of its own answers: the schema it declares
 * for an operation, status code and media type, with {@code #/components/...} references resolved
 * into the document's components. OpenAPI 3.1 schemas are JSON Schema 2020-12, so they are checked
 * as that dialect.
 */
public final class ServedDocument {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final JsonNode document;
    private final Map<String, JsonSchema> schemas = new HashMap<>();

    public ServedDocument(String json) {
        try {
            this.document = JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode document() {
        return document;
    }

    /**
     * What is wrong with {@code body}, answered by {@code method path} (the document's path template)
     * with {@code status} and {@code mediaType}, against the schema the document declares for it. A
     * status or media type the operation does not declare is itself one violation.
     */
    public List<String> violations(String method, String path, int status, String mediaType, String body) {
        JsonNode operation = document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            return List.of(method + " " + path + " is not in the document");
        }
        JsonNode response = operation.path("responses").path(Integer.toString(status));
        if (response.isMissingNode()) {
            return List.of(method + " " + path + " does not declare status " + status);
        }
        JsonNode schema = response.path("content").path(mediaType).path("schema");
        if (schema.isMissingNode()) {
            return List.of(method + " " + path + " " + status + " does not declare " + mediaType);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            return List.of("not JSON: " + body);
        }
        String key = method + " " + path + " " + status + " " + mediaType;
        return schemas.computeIfAbsent(key, k -> compile(schema)).validate(answer).stream()
                .map(ValidationMessage::toString)
                .sorted()
                .toList();
    }

    /** The response schema as a root beside the document's components, so that its references resolve. */
    private JsonSchema compile(JsonNode schema) {
        ObjectNode root = schema.deepCopy();
        root.set("components", document.get("components"));
        return FACTORY.getSchema(root);
    }
}
