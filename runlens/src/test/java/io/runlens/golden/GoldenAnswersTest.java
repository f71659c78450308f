package io.runlens.golden;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runlens.support.ExecutionRows;
import io.runlens.support.RecordedExecutions;
import io.runlens.support.ScriptedTemporal;
import io.runlens.support.ScriptedTemporalService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The answers Runlens gives for every recorded history (Java and TypeScript SDK runs in
 * {@code src/test/resources/histories}), byte for byte: details with every recent event and the step
 * view, served through real HTTP from a Temporal frontend that serves the recording. The golden files in
 * {@code src/test/resources/golden} were written by the engine as it was before the trace engine was
 * rewritten; a change to any answer must be deliberate ({@code -Dgolden.record=true} writes them anew,
 * and the diff then shows what changed). A running execution's {@code execution_duration_ms} counts up to
 * its newest history event, so it is compared like the rest (it was left out while it counted up to now).
 */
@QuarkusTest
@QuarkusTestResource(value = ScriptedTemporalService.class, restrictToAnnotatedClass = true)
class GoldenAnswersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path BASE = Path.of(System.getProperty("basedir", "."), "src/test");
    private static final Path HISTORIES = BASE.resolve("resources/histories");
    private static final Path GOLDEN = BASE.resolve("resources/golden");
    private static final boolean RECORD = Boolean.getBoolean("golden.record");
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final String ORG = "golden";

    @InjectTemporal
    ScriptedTemporal scripted;

    private final ExecutionRows rows;

    GoldenAnswersTest(ExecutionRows rows) {
        this.rows = rows;
    }

    /** One execution recorded as one or more runs ({@code name.runN.json}), oldest first. */
    private record Recorded(String sdk, String name, List<Path> runs) {
        String key() {
            return sdk + "/" + name;
        }
    }

    @Test
    void everyRecordedHistoryIsAnsweredExactlyAsTheGoldenAnswer() throws IOException {
        List<Recorded> recorded = recorded();
        assertTrue(recorded.size() >= 38, "the fixtures are there: " + recorded.size());
        List<String> differences = new ArrayList<>();
        for (Recorded execution : recorded) {
            String workflowId = "golden-" + execution.sdk() + "-" + execution.name();
            String firstRunId = null;
            boolean running = false;
            for (Path run : execution.runs()) {
                List<HistoryEvent> events =
                        WorkflowExecutionHistory.fromJson(Files.readString(run)).getEvents();
                DescribeWorkflowExecutionResponse describe = RecordedExecutions.describeOf(run, workflowId, events);
                String runId =
                        describe.getWorkflowExecutionInfo().getExecution().getRunId();
                firstRunId = firstRunId == null ? runId : firstRunId;
                running = !describe.getWorkflowExecutionInfo().hasCloseTime();
                scripted.add(workflowId, new ScriptedTemporal.Run(describe, events));
            }
            UUID id = UUID.nameUUIDFromBytes(execution.key().getBytes(StandardCharsets.UTF_8));
            rows.insert(
                    ORG,
                    Map.of(
                            "id",
                            id,
                            "workflow_id",
                            "golden",
                            "temporal_workflow_id",
                            workflowId,
                            "temporal_run_id",
                            firstRunId,
                            "status",
                            running ? "running" : "completed",
                            "created_at",
                            CREATED));
            compare(differences, execution, "details", "/api/v1/executions/" + id + "/details?recent_events=1000");
            compare(differences, execution, "steps", "/api/v1/workflows/golden/executions/" + id);
        }
        assertEquals(List.of(), differences, "answers that differ from their golden files");
    }

    private void compare(List<String> differences, Recorded execution, String kind, String path) throws IOException {
        String body = given().auth()
                .oauth2(TestTokens.forOrganization(ORG))
                .when()
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Path golden = GOLDEN.resolve(execution.sdk()).resolve(execution.name() + "." + kind + ".json");
        if (RECORD) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, body + "\n");
            return;
        }
        if (!Files.exists(golden)) {
            differences.add(execution.key() + " " + kind + ": no golden file " + golden);
            return;
        }
        String expected = Files.readString(golden).stripTrailing();
        if (!expected.equals(body)) {
            differences.add(execution.key() + " " + kind + ":\n  golden " + expected + "\n  served " + body);
        }
    }

    private static List<Recorded> recorded() throws IOException {
        Map<String, List<Path>> runs = new TreeMap<>();
        for (String sdk : List.of("java", "typescript")) {
            try (Stream<Path> files = Files.list(HISTORIES.resolve(sdk))) {
                files.map(Path::toString)
                        .filter(name -> name.endsWith(".json") && !name.endsWith(".describe.json"))
                        .sorted()
                        .forEach(file -> {
                            String name = Path.of(file).getFileName().toString().replaceAll("\\.json$", "");
                            // A child workflow's own history is another execution's; a run of a chain is its
                            // execution's.
                            if (name.contains(".child-")) {
                                return;
                            }
                            String execution = name.replaceAll("\\.run\\d+$", "");
                            runs.computeIfAbsent(sdk + "/" + execution, key -> new ArrayList<>())
                                    .add(Path.of(file));
                        });
            }
        }
        List<Recorded> recorded = new ArrayList<>();
        runs.forEach((key, files) -> recorded.add(
                new Recorded(key.substring(0, key.indexOf('/')), key.substring(key.indexOf('/') + 1), files)));
        return recorded;
    }
}
