package io.runlens.trace;

import static io.runlens.trace.ProtoValues.instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Local activities, from the markers the SDKs record for them: the Java SDK's {@code LocalActivity}
 * marker (activity id, type and a {@code meta} payload with the attempt) and the core SDKs'
 * {@code core_local_activity} marker (Go, TypeScript, Python, .NET: one {@code data} payload). Any
 * other marker (patches, side effects, versions) is a {@code marker_recorded} timeline entry.
 */
final class LocalActivityFold {

    private static final String JAVA_MARKER = "LocalActivity";
    private static final String CORE_MARKER = "core_local_activity";

    private final FoldContext context;
    private final List<LocalActivityExecution> localActivities = new ArrayList<>();

    LocalActivityFold(FoldContext context) {
        this.context = context;
    }

    void apply(HistoryEvent event) {
        MarkerRecordedEventAttributes marker = event.getMarkerRecordedEventAttributes();
        String name = marker.getMarkerName();
        if (!name.equals(JAVA_MARKER) && !name.equals(CORE_MARKER)) {
            context.timeline().add("marker_recorded", event).put("marker_name", name);
            return;
        }
        String activityId;
        String activityType;
        Integer attempt = null;
        if (name.equals(JAVA_MARKER)) {
            activityId = text(marker, "activityId");
            activityType = text(marker, "type");
            JsonNode meta = value(marker, "meta");
            // The Java SDK's marker metadata names it "atpt" (with "firstSkd" and "backoff").
            JsonNode recorded = meta == null ? null : meta.has("atpt") ? meta.get("atpt") : meta.get("attempt");
            if (recorded != null && recorded.canConvertToInt()) {
                attempt = recorded.asInt();
            }
        } else {
            JsonNode data = value(marker, "data");
            activityId = data == null ? null : data.path("activity_id").asText(null);
            activityType = data == null ? null : data.path("activity_type").asText(null);
            attempt = data == null || !data.has("attempt")
                    ? null
                    : data.get("attempt").asInt();
        }
        FailureInfo failure = marker.hasFailure() ? context.failures().of(marker.getFailure()) : null;
        if (context.keepsPayloads()) {
            JsonNode result = marker.containsDetails("result")
                    ? context.payloads().asObject(marker.getDetailsOrThrow("result"))
                    : null;
            localActivities.add(new LocalActivityExecution(
                    activityId,
                    activityType,
                    failure == null ? LocalActivityStatus.COMPLETED : LocalActivityStatus.FAILED,
                    event.getEventId(),
                    instant(event.getEventTime()),
                    attempt,
                    result,
                    failure,
                    Summaries.of(event, context.payloads())));
        }
        TimelineEntry entry = context.timeline()
                .add(failure == null ? "local_activity_completed" : "local_activity_failed", event)
                .put("activity_id", activityId)
                .put("activity_type", activityType);
        if (attempt != null) {
            entry.put("attempt", attempt);
        }
        if (failure != null) {
            entry.put("failure_message", failure.message());
        }
    }

    private JsonNode value(MarkerRecordedEventAttributes marker, String key) {
        Payloads payloads = marker.getDetailsOrDefault(key, null);
        if (payloads == null || payloads.getPayloadsCount() == 0) {
            return null;
        }
        return context.payloads().decode(payloads.getPayloads(0));
    }

    private String text(MarkerRecordedEventAttributes marker, String key) {
        JsonNode value = value(marker, key);
        return value == null || value.isNull() ? null : value.asText();
    }

    List<LocalActivityExecution> executions() {
        return List.copyOf(localActivities);
    }
}
