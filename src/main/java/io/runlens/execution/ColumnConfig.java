package io.runlens.execution;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Table-column mappings over step outputs (seed 003's {@code column_config}): each names a column,
 * the step whose output feeds it, and a JSON Pointer (RFC 6901) into that output.
 */
public record ColumnConfig(List<Mapping> mappings) {

    /** One column: {@code {"column": name, "step_id": id, "path": pointer}}. */
    public record Mapping(String column, String stepId, JsonPointer path) {
    }

    /**
     * Checks a {@code column_config} before it is written: an array of objects with non-empty
     * {@code column} and {@code step_id} strings and a valid {@code path} pointer.
     *
     * @throws IllegalArgumentException naming the first entry that is not valid
     */
    public static ColumnConfig parse(JsonNode config) {
        if (config == null || config.isNull()) {
            return new ColumnConfig(List.of());
        }
        if (!config.isArray()) {
            throw new IllegalArgumentException("column_config must be an array of {column, step_id, path}");
        }
        List<Mapping> mappings = new ArrayList<>(config.size());
        for (int i = 0; i < config.size(); i++) {
            JsonNode entry = config.get(i);
            String column = text(entry, "column");
            String stepId = text(entry, "step_id");
            String path = entry.path("path").isTextual() ? entry.get("path").asText() : null;
            if (column == null || stepId == null || path == null) {
                throw new IllegalArgumentException(
                        "column_config[" + i + "] needs non-empty string members column and step_id, and a string path");
            }
            try {
                mappings.add(new Mapping(column, stepId, JsonPointer.compile(path)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("column_config[" + i + "].path is not a JSON Pointer: " + path);
            }
        }
        return new ColumnConfig(List.copyOf(mappings));
    }

    /**
     * Reads a stored {@code column_config}, keeping the valid entries: a row written by some other
     * tool with a broken mapping still shows its other columns, and never fails a request.
     */
    public static ColumnConfig lenient(JsonNode config) {
        if (config == null || !config.isArray()) {
            return new ColumnConfig(List.of());
        }
        List<Mapping> mappings = new ArrayList<>();
        for (JsonNode entry : config) {
            ArrayNode single = JsonNodeFactory.instance.arrayNode().add(entry);
            try {
                mappings.addAll(parse(single).mappings());
            } catch (IllegalArgumentException e) {
                // skipped: an invalid entry maps nothing
            }
        }
        return new ColumnConfig(List.copyOf(mappings));
    }

    /** The mappings that read from {@code stepId}'s output. */
    public List<Mapping> forStep(String stepId) {
        return mappings.stream().filter(m -> m.stepId().equals(stepId)).toList();
    }

    private static String text(JsonNode entry, String member) {
        JsonNode value = entry.path(member);
        return value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }
}
