package io.runlens.support;

import com.google.protobuf.util.JsonFormat;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Every recorded execution under {@code src/test/resources/histories} (Java and TypeScript SDK runs,
 * one or more runs each), put behind a {@link ScriptedTemporal} frontend with one execution row each:
 * what the golden answers and the OpenAPI conformance test ask Runlens about.
 */
public final class RecordedExecutions {

    /** When every recorded row was created. */
    public static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private RecordedExecutions() {}

    /** One execution recorded as one or more runs ({@code name.runN.json}), oldest first. */
    public record Recorded(String sdk, String name, List<Path> runs) {
        public String key() {
            return sdk + "/" + name;
        }
    }

    /** A recorded execution as served: its row's id. */
    public record Served(Recorded recorded, UUID id) {}

    /**
     * Scripts every recorded execution into {@code scripted} as Temporal workflow
     * {@code golden-<sdk>-<name>} and inserts its row in {@code organization} (workflow definition
     * {@code workflowId}, id derived from the recording's name, plus {@code extraColumns}).
     */
    public static List<Served> serve(
            ScriptedTemporal scripted,
            ExecutionRows rows,
            String organization,
            String workflowId,
            Map<String, Object> extraColumns) {
        List<Served> served = new ArrayList<>();
        for (Recorded execution : recorded()) {
            String temporalWorkflowId = "golden-" + execution.sdk() + "-" + execution.name();
            String firstRunId = null;
            boolean running = false;
            for (Path run : execution.runs()) {
                List<HistoryEvent> events = events(run);
                DescribeWorkflowExecutionResponse describe = describeOf(run, temporalWorkflowId, events);
                String runId =
                        describe.getWorkflowExecutionInfo().getExecution().getRunId();
                firstRunId = firstRunId == null ? runId : firstRunId;
                running = !describe.getWorkflowExecutionInfo().hasCloseTime();
                scripted.add(temporalWorkflowId, new ScriptedTemporal.Run(describe, events));
            }
            UUID id = UUID.nameUUIDFromBytes((organization + "/" + execution.key()).getBytes(StandardCharsets.UTF_8));
            Map<String, Object> columns = new HashMap<>(extraColumns);
            columns.putAll(Map.of(
                    "id", id,
                    "workflow_id", workflowId,
                    "temporal_workflow_id", temporalWorkflowId,
                    "temporal_run_id", firstRunId,
                    "status", running ? "running" : "completed",
                    "created_at", CREATED));
            rows.insert(organization, columns);
            served.add(new Served(execution, id));
        }
        return served;
    }

    /** The recorded executions, by SDK then name; a child workflow's own history is not one of them. */
    public static List<Recorded> recorded() {
        Map<String, List<Path>> runs = new TreeMap<>();
        for (String sdk : HistoryFixtures.SDKS) {
            try (Stream<Path> files = Files.list(HistoryFixtures.HISTORIES.resolve(sdk))) {
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
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<Recorded> recorded = new ArrayList<>();
        runs.forEach((key, files) -> recorded.add(
                new Recorded(key.substring(0, key.indexOf('/')), key.substring(key.indexOf('/') + 1), files)));
        return recorded;
    }

    private static List<HistoryEvent> events(Path run) {
        try {
            return WorkflowExecutionHistory.fromJson(Files.readString(run)).getEvents();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The recorded describe of a run still open, or, for a closed run, what describe says of it (from its history). */
    public static DescribeWorkflowExecutionResponse describeOf(Path run, String workflowId, List<HistoryEvent> events) {
        Path recorded = run.resolveSibling(run.getFileName().toString().replaceAll("\\.json$", ".describe.json"));
        if (Files.exists(recorded)) {
            DescribeWorkflowExecutionResponse.Builder describe = DescribeWorkflowExecutionResponse.newBuilder();
            try {
                JsonFormat.parser().merge(Files.readString(recorded), describe);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return describe.build();
        }
        HistoryEvent started = events.get(0);
        HistoryEvent last = events.get(events.size() - 1);
        var attributes = started.getWorkflowExecutionStartedEventAttributes();
        WorkflowExecutionInfo.Builder info = WorkflowExecutionInfo.newBuilder()
                .setExecution(WorkflowExecution.newBuilder()
                        .setWorkflowId(workflowId)
                        .setRunId(attributes.getOriginalExecutionRunId()))
                .setType(attributes.getWorkflowType())
                .setTaskQueue(attributes.getTaskQueue().getName())
                .setStartTime(started.getEventTime())
                .setHistoryLength(events.size())
                .setFirstRunId(attributes.getFirstExecutionRunId());
        WorkflowExecutionStatus status = switch (last.getEventType()) {
            case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
            case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED -> WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED;
            case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT -> WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT;
            case EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED -> WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED;
            case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED ->
                WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED;
            case EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW ->
                WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW;
            default -> WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
        };
        info.setStatus(status);
        if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
            info.setCloseTime(last.getEventTime());
        }
        return DescribeWorkflowExecutionResponse.newBuilder()
                .setWorkflowExecutionInfo(info)
                .build();
    }
}
