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
        ColumnConfig config =
                ColumnConfig.parse(json("[{\"column\": \"c\", \"step_id\": \"s\", \"path\": \"" + pointer + "\"}]"));
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
        assertEquals(
                "column_config[0].path is not a JSON Pointer: total",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ColumnConfig.parse(
                                        json("[{\"column\": \"c\", \"step_id\": \"s\", \"path\": \"total\"}]")))
                        .getMessage());
        assertEquals(
                "column_config[1] needs non-empty string members column and step_id, and a string path",
                assertThrows(IllegalArgumentException.class, () -> ColumnConfig.parse(json("""
                        [{"column": "c", "step_id": "s", "path": "/a"}, {"column": "", "step_id": "s", "path": "/a"}]""")))
                        .getMessage());
        assertEquals(
                "column_config must be an array of {column, step_id, path}",
                assertThrows(IllegalArgumentException.class, () -> ColumnConfig.parse(json("{\"column\": \"c\"}")))
                        .getMessage());
    }

    @Test
    void storedConfigsKeepTheirValidEntries() throws Exception {
        ColumnConfig config = ColumnConfig.lenient(json("""
                [{"column": "good", "step_id": "s", "path": "/a"}, {"column": "bad", "step_id": "s", "path": "a"}, 7]"""));
        assertEquals(
                List.of("good"),
                config.forStep("s").stream().map(ColumnConfig.Mapping::column).toList());
        assertEquals(List.of(), ColumnConfig.lenient(json("\"not an array\"")).mappings());
    }

    private static JsonNode mappings(int count) throws Exception {
        StringBuilder config = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            config.append(i == 0 ? "" : ",")
                    .append("{\"column\": \"c")
                    .append(i)
                    .append("\", \"step_id\": \"s")
                    .append(i % 3)
                    .append("\", \"path\": \"/v\"}");
        }
        return json(config.append(']').toString());
    }

    @Test
    void onlyTheFirstThousandEntriesOfAStoredConfigAreRead() throws Exception {
        ColumnConfig config = ColumnConfig.lenient(mappings(100_000));
        assertEquals(ColumnConfig.MAX_MAPPINGS, config.mappings().size());
        assertEquals("c999", config.mappings().get(999).column());
        // Step s0 is named by entries 0, 3, ..., 999 among the first thousand: 334 of them, in order.
        assertEquals(334, config.forStep("s0").size());
        assertEquals("c999", config.forStep("s0").get(333).column());
        assertEquals(List.of(), config.forStep("s3"));
        // Invalid entries among the first thousand count towards it: they are read, then skipped.
        JsonNode brokenFirst = json("[" + "7,".repeat(ColumnConfig.MAX_MAPPINGS)
                + "{\"column\": \"late\", \"step_id\": \"s\", \"path\": \"/a\"}]");
        assertEquals(List.of(), ColumnConfig.lenient(brokenFirst).mappings());
    }

    @Test
    void aConfigOverTheLimitIsRejectedWhenWritten() throws Exception {
        assertEquals(
                ColumnConfig.MAX_MAPPINGS,
                ColumnConfig.parse(mappings(ColumnConfig.MAX_MAPPINGS))
                        .mappings()
                        .size());
        assertEquals(
                "column_config has 1001 entries; at most 1000 are read",
                assertThrows(IllegalArgumentException.class, () -> ColumnConfig.parse(mappings(1001)))
                        .getMessage());
    }
}
