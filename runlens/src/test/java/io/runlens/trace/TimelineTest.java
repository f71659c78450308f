package io.runlens.trace;

import static io.runlens.trace.FoldFixtures.events;
import static io.runlens.trace.FoldFixtures.only;
import static io.runlens.trace.FoldFixtures.time;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runlens.support.HistoryFixtures;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The timeline ({@code trace.timeline[]}, a stream's entries) and the recent-events window, through
 * {@link HistoryFolder} since the timeline is what all folds share and the window is the folder's:
 * over every recorded history of both SDKs.
 */
class TimelineTest {

    /** Events the trace leaves to {@code recent_events}: workflow-task bookkeeping and search-attribute upserts. */
    private static final Set<EventType> UNSHOWN = EnumSet.of(
            EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
            EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES);

    static Stream<Arguments> everyHistory() throws IOException {
        List<Arguments> histories = new ArrayList<>();
        for (String sdk : HistoryFixtures.SDKS) {
            try (Stream<Path> files = Files.list(HistoryFixtures.HISTORIES.resolve(sdk))) {
                files.map(f -> f.getFileName().toString())
                        .filter(f -> f.endsWith(".json") && !f.endsWith(".describe.json"))
                        .sorted()
                        .forEach(f -> histories.add(Arguments.of(sdk, f)));
            }
        }
        return histories.stream();
    }

    private static HistoryFolder inPages(List<HistoryEvent> events, int pageSize, int recentWindow) {
        HistoryFolder folder = HistoryFolder.forDetails(recentWindow);
        for (int from = 0; from < events.size(); from += pageSize) {
            folder.accept(events.subList(from, Math.min(from + pageSize, events.size())));
        }
        return folder;
    }

    private static HistoryEvent event(List<HistoryEvent> events, long eventId) {
        return only(events, e -> e.getEventId() == eventId);
    }

    @ParameterizedTest
    @MethodSource("everyHistory")
    void everyEventButBookkeepingMakesOneEntryWithItsIdAndTimeInHistoryOrder(String sdk, String file) {
        List<HistoryEvent> events = events(sdk, file);

        List<TimelineEntry> timeline =
                inPages(events, 1_000, 10).trace(List.of()).timeline();

        assertEquals(
                events.stream()
                        .filter(e -> !UNSHOWN.contains(e.getEventType()))
                        .map(HistoryEvent::getEventId)
                        .toList(),
                timeline.stream().map(e -> e.get("event_id").asLong()).toList());
        for (TimelineEntry entry : timeline) {
            HistoryEvent event = event(events, entry.get("event_id").asLong());
            assertEquals(time(event), Instant.parse(entry.get("timestamp").asText()), entry.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("everyHistory")
    void theTimelineDoesNotDependOnPageBoundaries(String sdk, String file) {
        List<HistoryEvent> events = events(sdk, file);

        List<TimelineEntry> whole = inPages(events, 1_000, 10).trace(List.of()).timeline();

        assertEquals(whole, inPages(events, 1, 10).trace(List.of()).timeline());
        assertEquals(whole, inPages(events, 3, 10).trace(List.of()).timeline());
    }

    @ParameterizedTest
    @MethodSource("everyHistory")
    void aStreamTellsWhatEachEventAddedEitherAnEntryOrTheEventItself(String sdk, String file) {
        List<HistoryEvent> events = events(sdk, file);
        HistoryFolder stream = HistoryFolder.forStream();

        List<HistoryFolder.FoldedEvent> added = stream.follow(events, 0);

        assertEquals(
                events.stream().map(HistoryEvent::getEventId).toList(),
                added.stream().map(HistoryFolder.FoldedEvent::eventId).toList());
        for (HistoryFolder.FoldedEvent folded : added) {
            EventType type = event(events, folded.eventId()).getEventType();
            if (UNSHOWN.contains(type)) {
                assertNull(folded.timelineEntry(), type.name());
                assertNotNull(folded.event(), type.name());
                assertEquals(folded.eventId(), folded.event().eventId());
            } else {
                assertNotNull(folded.timelineEntry(), type.name());
                assertNull(folded.event(), type.name());
                assertEquals(
                        folded.eventId(), folded.timelineEntry().get("event_id").asLong());
            }
        }
        // A stream hands entries out and keeps none, nor recent events.
        assertEquals(List.of(), stream.trace(List.of()).timeline());
        assertEquals(List.of(), stream.recentEvents());
        assertEquals(events.size(), stream.eventCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void eventsUpToShownAfterAreFoldedButNotDescribed(String sdk) {
        List<HistoryEvent> events = events(sdk, "plain-success.json");
        // The two parallel Add activities are scheduled by events 11 and 12; show only what follows them.
        List<HistoryEvent> scheduled = events.stream()
                .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
                .toList();
        HistoryEvent lastScheduled = scheduled.get(2);
        long shownAfter = lastScheduled.getEventId();

        List<HistoryFolder.FoldedEvent> added = HistoryFolder.forStream().follow(events, shownAfter);

        assertEquals(
                events.stream()
                        .map(HistoryEvent::getEventId)
                        .filter(id -> id > shownAfter)
                        .toList(),
                added.stream().map(HistoryFolder.FoldedEvent::eventId).toList());
        // The completion of an activity scheduled before shownAfter still names it: its group was folded.
        HistoryEvent completed = only(
                events,
                e -> e.hasActivityTaskCompletedEventAttributes()
                        && e.getActivityTaskCompletedEventAttributes().getScheduledEventId() == shownAfter);
        TimelineEntry entry = added.stream()
                .filter(f -> f.eventId() == completed.getEventId())
                .findFirst()
                .orElseThrow()
                .timelineEntry();
        assertEquals("activity_completed", entry.get("type").asText());
        var request = lastScheduled.getActivityTaskScheduledEventAttributes();
        assertEquals(request.getActivityId(), entry.get("activity_id").asText());
        assertEquals(
                request.getActivityType().getName(), entry.get("activity_type").asText());
    }

    // The recent-events window

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void recentEventsAreTheNewestNNewestFirst(String sdk) {
        List<HistoryEvent> events = events(sdk, "plain-success.json");
        int window = 5;
        assertTrue(events.size() > window);

        HistoryFolder folder = inPages(events, 3, window);
        List<WorkflowEvent> recent = folder.recentEvents();

        List<HistoryEvent> newest = new ArrayList<>(events.subList(events.size() - window, events.size()));
        java.util.Collections.reverse(newest);
        assertEquals(
                newest.stream().map(HistoryEvent::getEventId).toList(),
                recent.stream().map(WorkflowEvent::eventId).toList());
        for (int i = 0; i < window; i++) {
            assertEquals(time(newest.get(i)), recent.get(i).eventTime());
        }
        // The newest is the run's close, named as Temporal's UI names it.
        assertEquals(
                EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, newest.get(0).getEventType());
        assertEquals("WorkflowExecutionCompleted", recent.get(0).eventType());
        assertEquals(events.size(), folder.eventCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aWindowLargerThanTheHistoryHoldsAllOfItNewestFirst(String sdk) {
        List<HistoryEvent> events = events(sdk, "signals-and-timers.json");

        List<WorkflowEvent> recent = inPages(events, 3, events.size() + 10).recentEvents();

        List<Long> ids =
                new ArrayList<>(events.stream().map(HistoryEvent::getEventId).toList());
        java.util.Collections.reverse(ids);
        assertEquals(ids, recent.stream().map(WorkflowEvent::eventId).toList());
        assertEquals("WorkflowExecutionStarted", recent.get(recent.size() - 1).eventType());
    }
}
