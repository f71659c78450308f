package io.runlens.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/** Validates response bodies against a component schema of a seed OpenAPI document (copies in contracts/). */
public final class ContractSchemas {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ContractSchemas() {}

    /** Violations of {@code component} of {@code document} by {@code body}; empty when it conforms. */
    public static Set<ValidationMessage> violations(String document, String component, JsonNode body) {
        JsonNode spec = read(document);
        if (spec.at("/components/schemas/" + component).isMissingNode()) {
            throw new IllegalArgumentException(component + " is not in " + document);
        }
        // Keep the whole components tree beside the root so that #/components/... references resolve.
        var root = YAML.createObjectNode();
        root.set("components", spec.get("components"));
        root.put("$ref", "#/components/schemas/" + component);
        JsonSchema schema =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
        return schema.validate(body);
    }

    private static JsonNode read(String document) {
        try (InputStream in = ContractSchemas.class.getClassLoader().getResourceAsStream("contracts/" + document)) {
            if (in == null) {
                throw new IllegalArgumentException("no contract " + document);
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read contract " + document, e);
        }
    }
}
