package io.runlens.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Carries a jsonb column as text. Hibernate Reactive's own JSON mapping only reads JSON objects,
 * while payload and result may hold any JSON value (an array, a string, a number).
 */
@Converter
public class JsonValueConverter implements AttributeConverter<JsonNode, String> {

    // Only parses and prints trees, so the plain mapper is the right one: no REST customisations apply.
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String convertToDatabaseColumn(JsonNode value) {
        if (value == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON value", e);
        }
    }

    @Override
    public JsonNode convertToEntityAttribute(String text) {
        if (text == null) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("jsonb column holds text that is not JSON", e);
        }
    }
}
