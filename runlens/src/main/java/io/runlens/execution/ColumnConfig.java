package io.runlens.execution;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Table-column mappings over step outputs (the step view's {@code column_config}): each names a column,
 * the step whose output feeds it, and a JSON Pointer (RFC 6901) into that output. Indexed by step id
 * once, so applying them costs one map lookup per step.
 */
public final class ColumnConfig {

    /**
     * Most entries of a {@code column_config} that are read. A stored config is read on the event loop
     * for every step view; a table has far fewer columns than this, and a row written with more (by
     * mistake or on purpose) must not cost a request more than this bound. Entries past it are ignored.
     */
    public static final int MAX_MAPPINGS = 1_000;

    private static final ColumnConfig NONE = new ColumnConfig(List.of());

    private final List<Mapping> mappings;
    private final Map<String, List<Mapping>> byStep;

    /** One column: {@code {"column": name, "step_id": id, "path": pointer}}. */
    public record Mapping(String column, String stepId, JsonPointer path) {}

    private ColumnConfig(List<Mapping> mappings) {
        this.mappings = List.copyOf(mappings);
        Map<String, List<Mapping>> index = new HashMap<>();
        for (Mapping mapping : this.mappings) {
            index.computeIfAbsent(mapping.stepId(), step -> new ArrayList<>()).add(mapping);
        }
        index.replaceAll((step, forStep) -> List.copyOf(forStep));
        this.byStep = Map.copyOf(index);
    }

    /**
     * Checks a {@code column_config} before it is written: an array of at most {@link #MAX_MAPPINGS}
     * objects with non-empty {@code column} and {@code step_id} strings and a valid {@code path} pointer.
     *
     * @throws IllegalArgumentException naming the first entry that is not valid
     */
    public static ColumnConfig parse(JsonNode config) {
        if (config == null || config.isNull()) {
            return NONE;
        }
        if (!config.isArray()) {
            throw new IllegalArgumentException("column_config must be an array of {column, step_id, path}");
        }
        if (config.size() > MAX_MAPPINGS) {
            throw new IllegalArgumentException(
                    "column_config has " + config.size() + " entries; at most " + MAX_MAPPINGS + " are read");
        }
        List<Mapping> mappings = new ArrayList<>(config.size());
        for (int i = 0; i < config.size(); i++) {
            mappings.add(mapping(config.get(i), i));
        }
        return new ColumnConfig(mappings);
    }

    /**
     * Reads a stored {@code column_config}, keeping the valid entries among its first
     * {@link #MAX_MAPPINGS}: a row written by some other tool with a broken mapping still shows its
     * other columns, and never fails a request.
     */
    public static ColumnConfig lenient(JsonNode config) {
        if (config == null || !config.isArray()) {
            return NONE;
        }
        int read = Math.min(config.size(), MAX_MAPPINGS);
        List<Mapping> mappings = new ArrayList<>(read);
        for (int i = 0; i < read; i++) {
            try {
                mappings.add(mapping(config.get(i), i));
            } catch (IllegalArgumentException e) {
                // skipped: an invalid entry maps nothing
            }
        }
        return new ColumnConfig(mappings);
    }

    /** Every mapping, in the order of the config. */
    public List<Mapping> mappings() {
        return mappings;
    }

    /** The mappings that read from {@code stepId}'s output, in the order of the config. */
    public List<Mapping> forStep(String stepId) {
        return byStep.getOrDefault(stepId, List.of());
    }

    private static Mapping mapping(JsonNode entry, int index) {
        String column = text(entry, "column");
        String stepId = text(entry, "step_id");
        String path = entry.path("path").isTextual() ? entry.get("path").asText() : null;
        if (column == null || stepId == null || path == null) {
            throw new IllegalArgumentException("column_config[" + index
                    + "] needs non-empty string members column and step_id, and a string path");
        }
        try {
            return new Mapping(column, stepId, JsonPointer.compile(path));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("column_config[" + index + "].path is not a JSON Pointer: " + path);
        }
    }

    private static String text(JsonNode entry, String member) {
        JsonNode value = entry.path(member);
        return value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }
}
