package io.runlens.trace;

import static io.runlens.trace.FoldFixtures.all;
import static io.runlens.trace.FoldFixtures.events;
import static io.runlens.trace.FoldFixtures.feed;
import static io.runlens.trace.FoldFixtures.json;
import static io.runlens.trace.FoldFixtures.time;
import static io.runlens.trace.FoldFixtures.types;
import static io.runlens.trace.FoldFixtures.wrapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LocalActivityFold} alone, over the recorded markers of both SDKs: the Java SDK's
 * {@code LocalActivity} marker (details {@code activityId}, {@code type}, {@code meta}) and the core
 * SDKs' {@code core_local_activity} (one {@code data} payload), and patch markers, which are not local
 * activities. Expected values are read from the markers' own payloads.
 */
class LocalActivityFoldTest {

    private final FoldContext context = FoldFixtures.forDetails();

    private LocalActivityFold fold(FoldContext context, List<HistoryEvent> events) {
        LocalActivityFold fold = new LocalActivityFold(context);
        feed(context, events, HistoryEvent::hasMarkerRecordedEventAttributes, fold::apply);
        return fold;
    }

    private static List<HistoryEvent> markers(List<HistoryEvent> events) {
        return all(events, HistoryEvent::hasMarkerRecordedEventAttributes);
    }

    /** What the marker itself says of the local activity, in either SDK's format. */
    private record Recorded(String activityId, String activityType, int attempt) {}

    private static Recorded recorded(String sdk, MarkerRecordedEventAttributes marker) {
        if (sdk.equals("java")) {
            assertEquals("LocalActivity", marker.getMarkerName());
            return new Recorded(
                    json(marker.getDetailsOrThrow("activityId").getPayloads(0)).asText(),
                    json(marker.getDetailsOrThrow("type").getPayloads(0)).asText(),
                    json(marker.getDetailsOrThrow("meta").getPayloads(0))
                            .get("atpt")
                            .asInt());
        }
        assertEquals("core_local_activity", marker.getMarkerName());
        JsonNode data = json(marker.getDetailsOrThrow("data").getPayloads(0));
        return new Recorded(
                data.get("activity_id").asText(),
                data.get("activity_type").asText(),
                data.get("attempt").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aCompletedAndAFailedLocalActivityAreReadFromTheirSdksMarkers(String sdk) {
        List<HistoryEvent> events = events(sdk, "local-activities.json");
        List<HistoryEvent> markers = markers(events);
        assertEquals(2, markers.size());
        HistoryEvent completedMarker = markers.get(0);
        HistoryEvent failedMarker = markers.get(1);
        Recorded add = recorded(sdk, completedMarker.getMarkerRecordedEventAttributes());
        Recorded alwaysFails = recorded(sdk, failedMarker.getMarkerRecordedEventAttributes());

        List<LocalActivityExecution> local = fold(context, events).executions();

        assertEquals(2, local.size());
        LocalActivityExecution completed = local.get(0);
        assertEquals(LocalActivityStatus.COMPLETED, completed.status());
        assertEquals(add.activityId(), completed.activityId());
        assertEquals(add.activityType(), completed.activityType());
        assertEquals(completedMarker.getEventId(), completed.eventId());
        assertEquals(time(completedMarker), completed.recordedTime());
        // result 42, one payload that is not an object
        JsonNode result = json(completedMarker
                .getMarkerRecordedEventAttributes()
                .getDetailsOrThrow("result")
                .getPayloads(0));
        assertEquals(42, result.asInt());
        assertEquals(wrapped(result), completed.result());
        assertNull(completed.failure());

        LocalActivityExecution failed = local.get(1);
        assertEquals(LocalActivityStatus.FAILED, failed.status());
        assertEquals(alwaysFails.activityId(), failed.activityId());
        assertEquals(alwaysFails.activityType(), failed.activityType());
        assertEquals(failedMarker.getEventId(), failed.eventId());
        assertNull(failed.result());
        // Java's marker failure is "Local Activity task failed" caused by the activity's failure;
        // TypeScript's is the activity's failure itself. Either way the chain holds the third attempt's.
        Failure recordedFailure =
                failedMarker.getMarkerRecordedEventAttributes().getFailure();
        assertEquals(recordedFailure.getMessage(), failed.failure().message());
        List<String> chain = new ArrayList<>();
        chain.add(failed.failure().message());
        failed.failure().causes().forEach(c -> chain.add(c.message()));
        assertTrue(
                chain.contains("ledger rejected: ledger offline (attempt " + alwaysFails.attempt() + ")"),
                chain.toString());

        assertEquals(
                List.of("local_activity_completed", "local_activity_failed"),
                types(context.timeline().entries()));
        TimelineEntry failedEntry = context.timeline().entries().get(1);
        assertEquals(failedMarker.getEventId(), failedEntry.get("event_id").asLong());
        assertEquals(
                recordedFailure.getMessage(), failedEntry.get("failure_message").asText());
        assertEquals(
                alwaysFails.activityType(), failedEntry.get("activity_type").asText());
    }

    @Test
    void coreMarkersGiveTheAttempt() {
        List<HistoryEvent> events = events("typescript", "local-activities.json");
        // data.attempt: 1 for the one that completed, 3 (its retry policy's maximum) for the one that failed.
        List<Integer> recordedAttempts = markers(events).stream()
                .map(m -> recorded("typescript", m.getMarkerRecordedEventAttributes())
                        .attempt())
                .toList();
        assertEquals(List.of(1, 3), recordedAttempts);

        List<LocalActivityExecution> local = fold(context, events).executions();

        assertEquals(
                recordedAttempts,
                local.stream().map(LocalActivityExecution::attempt).toList());
        assertEquals(3, context.timeline().entries().get(1).get("attempt").asInt());
    }

    @Test
    void javaMarkersGiveTheAttempt() {
        List<HistoryEvent> events = events("java", "local-activities.json");
        // meta {"firstSkd":…,"atpt":N,"backoff":…}: 1 for the one that completed, 3 for the one that failed.
        List<Integer> recordedAttempts = markers(events).stream()
                .map(m -> recorded("java", m.getMarkerRecordedEventAttributes()).attempt())
                .toList();
        assertEquals(List.of(1, 3), recordedAttempts);

        List<LocalActivityExecution> local = fold(context, events).executions();

        assertEquals(
                recordedAttempts,
                local.stream().map(LocalActivityExecution::attempt).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void patchMarkersAreMarkersNotLocalActivities(String sdk) {
        List<HistoryEvent> events = events(sdk, "patch-markers.json");
        List<HistoryEvent> markers = markers(events);
        // Java's Workflow.getVersion writes "Version" markers, TypeScript's patched() "core_patch" ones.
        String patchMarker = sdk.equals("java") ? "Version" : "core_patch";
        assertEquals(2, markers.size());
        markers.forEach(m ->
                assertEquals(patchMarker, m.getMarkerRecordedEventAttributes().getMarkerName()));

        LocalActivityFold fold = fold(context, events);

        assertEquals(List.of(), fold.executions());
        List<TimelineEntry> entries = context.timeline().entries();
        assertEquals(List.of("marker_recorded", "marker_recorded"), types(entries));
        for (int i = 0; i < markers.size(); i++) {
            assertEquals(
                    markers.get(i).getEventId(), entries.get(i).get("event_id").asLong());
            assertEquals(patchMarker, entries.get(i).get("marker_name").asText());
            assertEquals(
                    time(markers.get(i)).toString(),
                    entries.get(i).get("timestamp").asText());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void theSummaryIsTheMarkersUserMetadataSummary(String sdk) {
        List<HistoryEvent> events = events(sdk, "summaries.json");
        HistoryEvent marker = markers(events).get(0);

        LocalActivityExecution local = fold(context, events).executions().get(0);

        assertEquals(json(marker.getUserMetadata().getSummary()), local.summary());
        assertEquals("Count items", local.summary().asText());
        // Add(2, 1) = 3
        assertEquals(LocalActivityStatus.COMPLETED, local.status());
        assertEquals(
                wrapped(json(marker.getMarkerRecordedEventAttributes()
                        .getDetailsOrThrow("result")
                        .getPayloads(0))),
                local.result());
        assertEquals(recorded(sdk, marker.getMarkerRecordedEventAttributes()).activityType(), local.activityType());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aLocalActivityWithoutASummaryHasNone(String sdk) {
        List<LocalActivityExecution> local =
                fold(context, events(sdk, "local-activities.json")).executions();
        local.forEach(l -> assertNull(l.summary()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aStreamKeepsNoLocalActivityButStillDescribesEachMarker(String sdk) {
        FoldContext stream = FoldFixtures.forStream();
        LocalActivityFold fold = new LocalActivityFold(stream);
        List<String> made = new ArrayList<>();
        for (HistoryEvent marker : markers(events(sdk, "local-activities.json"))) {
            stream.timeline().next();
            fold.apply(marker);
            made.add(stream.timeline().last().get("type").asText());
        }
        assertEquals(List.of("local_activity_completed", "local_activity_failed"), made);
        assertEquals(List.of(), fold.executions());
    }
}
