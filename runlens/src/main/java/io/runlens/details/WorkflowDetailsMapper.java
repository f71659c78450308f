package io.runlens.details;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runlens.config.RunlensConfig;
import io.runlens.execution.ExecutionRecord;
import io.runlens.temporal.TemporalRun;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Merges a row and a Temporal run into Kubiya's shape; Temporal wins where both know a fact. */
@ApplicationScoped
public class WorkflowDetailsMapper {

    private static final String UNKNOWN = "UNKNOWN";

    private final RunlensConfig config;

    public WorkflowDetailsMapper(RunlensConfig config) {
        this.config = config;
    }

    public WorkflowDetailsResponse toResponse(ExecutionDetails details) {
        ExecutionRecord row = details.row();
        TemporalRun run = details.run();
        String namespace = run.namespace();
        var sources = new WorkflowDetailsResponse.Sources("ok", run.availability(), run.reason());
        if (!run.isAvailable()) {
            Instant start = row.startedAt;
            Instant close = row.completedAt != null ? row.completedAt : row.cancelledAt;
            return new WorkflowDetailsResponse(
                    row.temporalWorkflowId,
                    orEmpty(row.temporalRunId),
                    UNKNOWN,
                    row.id.toString(),
                    row.status.word(),
                    start,
                    close,
                    // The row is all there is: a running execution counts up to the row's last update.
                    durationMs(start, close != null ? close : row.updatedAt),
                    orEmpty(row.taskQueue),
                    orEmpty(row.workflowType),
                    1,
                    0,
                    0,
                    asObject(row.payload),
                    webUrl(namespace, row.temporalWorkflowId, row.temporalRunId),
                    List.of(),
                    run.trace(),
                    namespace,
                    row.result,
                    null,
                    sources,
                    List.of());
        }
        return new WorkflowDetailsResponse(
                run.workflowId(),
                run.runId(),
                run.status(),
                row.id.toString(),
                row.status.word(),
                run.startTime(),
                run.closeTime(),
                durationMs(run.startTime(), run.closeTime() != null ? run.closeTime() : run.latestEventTime()),
                run.taskQueue(),
                run.workflowType(),
                run.facts().attempt(),
                run.historyLength(),
                run.historySizeBytes(),
                run.facts().input(),
                webUrl(namespace, run.workflowId(), run.runId()),
                run.recentEvents(),
                run.trace(),
                namespace,
                run.facts().result(),
                run.facts().failure(),
                sources,
                details.runs());
    }

    /**
     * From start to {@code until}: the close of a closed run, and for a running one the newest thing
     * known about it (its newest history event; the row's last update when Temporal's part is
     * missing), not the clock. So the answer of a running execution changes only when the execution
     * does, and a dashboard polling it with {@code If-None-Match} gets a 304 while nothing happens;
     * the time since then is the dashboard's to add, from the last event it shows.
     */
    private static double durationMs(Instant start, Instant until) {
        if (start == null) {
            return 0;
        }
        return Math.max(
                0, Duration.between(start, until != null ? until : start).toNanos() / 1_000_000.0);
    }

    /**
     * The run's page in the Temporal Web UI, or an empty string when {@code runlens.temporal.ui-url} is
     * unset: Kubiya's WorkflowDetailsResponse declares {@code temporal_web_url} a required string, so
     * "no link" is the empty string its clients test for, as for {@code run_id} before a run exists.
     */
    private String webUrl(String namespace, String workflowId, String runId) {
        if (config.temporal().uiUrl().isEmpty()) {
            return "";
        }
        String base = config.temporal().uiUrl().get().replaceAll("/+$", "");
        String url = base + "/namespaces/" + encode(namespace) + "/workflows/" + encode(workflowId);
        return runId == null || runId.isEmpty() ? url : url + "/" + encode(runId) + "/history";
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The row's payload in the schema's {@code object | null} form. */
    static ObjectNode asObject(JsonNode payload) {
        if (payload == null || payload.isNull()) {
            return null;
        }
        if (payload.isObject()) {
            return (ObjectNode) payload;
        }
        ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
        wrapped.set("value", payload);
        return wrapped;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
