package io.runlens.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runlens.payload.PayloadReader;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.io.IOException;

/**
 * Carries a jsonb column as text. Hibernate Reactive's own JSON mapping only reads JSON objects,
 * while payload and result may hold any JSON value (an array, a string, a number). Values nested
 * deeper than {@link PayloadReader#MAX_DEPTH} are read as an {@code undecodable} marker.
 */
@Converter
public class JsonValueConverter implements AttributeConverter<JsonNode, String> {

    // Only prints trees, so the plain mapper is the right one: no REST customisations apply.
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
            return PayloadReader.read(text, "jsonb");
        } catch (IOException e) {
            // jsonb is valid JSON: this is a value past Jackson's length limits. One row's value must not fail the
            // answer.
            return PayloadReader.undecodable("jsonb", "too large to read as JSON");
        }
    }
}
