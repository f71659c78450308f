package io.runlens.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static JsonNode resolve(String pointer, JsonNode output) throws Exception {
        ColumnConfig config = ColumnConfig.parse(json("[{\"column\": \"c\", \"step_id\": \"s\", \"path\": \"" + pointer + "\"}]"));
        return output.at(config.forStep("s").get(0).path());
    }

    @Test
    void pointersFollowRfc6901() throws Exception {
        JsonNode output = json("""
                {"items": [{"sku": "A"}, {"sku": "B"}], "a/b": 1, "m~n": 2, "": 3, "nested": {"x": null}}""");
        assertEquals("B", resolve("/items/1/sku", output).asText());
        assertEquals(1, resolve("/a~1b", output).asInt());
        assertEquals(2, resolve("/m~0n", output).asInt());
        assertEquals(3, resolve("/", output).asInt());
        assertEquals(output, resolve("", output));
        assertTrue(resolve("/nested/x", output).isNull());
        assertTrue(resolve("/items/7", output).isMissingNode());
        assertTrue(resolve("/items/-", output).isMissingNode());
        assertTrue(resolve("/missing/deeper", output).isMissingNode());
    }

    @Test
    void invalidConfigsAreRejectedWhenWritten() {
        assertEquals("column_config[0].path is not a JSON Pointer: total", assertThrows(IllegalArgumentException.class,
                () -> ColumnConfig.parse(json("[{\"column\": \"c\", \"step_id\": \"s\", \"path\": \"total\"}]"))).getMessage());
        assertEquals("column_config[1] needs non-empty string members column and step_id, and a string path",
                assertThrows(IllegalArgumentException.class, () -> ColumnConfig.parse(json("""
                        [{"column": "c", "step_id": "s", "path": "/a"}, {"column": "", "step_id": "s", "path": "/a"}]"""))).getMessage());
        assertEquals("column_config must be an array of {column, step_id, path}",
                assertThrows(IllegalArgumentException.class, () -> ColumnConfig.parse(json("{\"column\": \"c\"}"))).getMessage());
    }

    @Test
    void storedConfigsKeepTheirValidEntries() throws Exception {
        ColumnConfig config = ColumnConfig.lenient(json("""
                [{"column": "good", "step_id": "s", "path": "/a"}, {"column": "bad", "step_id": "s", "path": "a"}, 7]"""));
        assertEquals(List.of("good"), config.forStep("s").stream().map(ColumnConfig.Mapping::column).toList());
        assertEquals(List.of(), ColumnConfig.lenient(json("\"not an array\"")).mappings());
    }
}
