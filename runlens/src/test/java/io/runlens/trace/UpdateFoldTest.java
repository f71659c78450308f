package io.runlens.trace;

import static io.runlens.trace.FoldFixtures.all;
import static io.runlens.trace.FoldFixtures.entryFor;
import static io.runlens.trace.FoldFixtures.events;
import static io.runlens.trace.FoldFixtures.feed;
import static io.runlens.trace.FoldFixtures.json;
import static io.runlens.trace.FoldFixtures.time;
import static io.runlens.trace.FoldFixtures.types;
import static io.runlens.trace.FoldFixtures.upTo;
import static io.runlens.trace.FoldFixtures.wrapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link UpdateFold} alone, over {@code updates} of both SDKs: {@code bump-completed} accepted and
 * completed, {@code bump-failed} accepted and failed, {@code bump-rejected} rejected by the validator
 * and so, as on a real server, in no event at all.
 */
class UpdateFoldTest {

    private final FoldContext context = FoldFixtures.forDetails();

    private static boolean isUpdateEvent(HistoryEvent event) {
        return event.hasWorkflowExecutionUpdateAcceptedEventAttributes()
                || event.hasWorkflowExecutionUpdateCompletedEventAttributes();
    }

    private static UpdateFold fold(FoldContext context, List<HistoryEvent> events) {
        UpdateFold fold = new UpdateFold(context);
        feed(context, events, UpdateFoldTest::isUpdateEvent, fold::apply);
        return fold;
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void acceptedUpdatesCompleteOrFailAndTheRejectedOneIsNotThere(String sdk) {
        List<HistoryEvent> events = events(sdk, "updates.json");
        List<HistoryEvent> accepted = all(events, HistoryEvent::hasWorkflowExecutionUpdateAcceptedEventAttributes);
        List<HistoryEvent> completed = all(events, HistoryEvent::hasWorkflowExecutionUpdateCompletedEventAttributes);
        List<String> acceptedIds = accepted.stream()
                .map(e -> e.getWorkflowExecutionUpdateAcceptedEventAttributes().getProtocolInstanceId())
                .toList();
        assertEquals(List.of("bump-completed", "bump-failed"), acceptedIds);

        List<UpdateExecution> updates = fold(context, events).executions();

        // Exactly the accepted ones: the rejected update left nothing to show.
        assertEquals(
                acceptedIds, updates.stream().map(UpdateExecution::updateId).toList());
        assertFalse(updates.stream().anyMatch(u -> u.updateId().equals("bump-rejected")));
        for (int i = 0; i < accepted.size(); i++) {
            var request = accepted.get(i)
                    .getWorkflowExecutionUpdateAcceptedEventAttributes()
                    .getAcceptedRequest();
            UpdateExecution update = updates.get(i);
            assertEquals(request.getInput().getName(), update.name());
            assertEquals(accepted.get(i).getEventId(), update.acceptedEventId());
            assertEquals(time(accepted.get(i)), update.acceptedTime());
            assertEquals(time(completed.get(i)), update.completedTime());
            assertEquals(wrapped(json(request.getInput().getArgs().getPayloads(0))), update.input());
        }

        // bump(2) completes with 2.
        UpdateExecution bumped = updates.get(0);
        var success = completed
                .get(0)
                .getWorkflowExecutionUpdateCompletedEventAttributes()
                .getOutcome();
        assertEquals(UpdateStatus.COMPLETED, bumped.status());
        assertEquals(wrapped(json(success.getSuccess().getPayloads(0))), bumped.result());
        assertEquals(2, bumped.result().get("value").asInt());
        assertNull(bumped.failure());

        // bump(13) fails: "13 is unlucky", UnluckyNumber.
        UpdateExecution unlucky = updates.get(1);
        Failure recorded = completed
                .get(1)
                .getWorkflowExecutionUpdateCompletedEventAttributes()
                .getOutcome()
                .getFailure();
        assertEquals(UpdateStatus.FAILED, unlucky.status());
        assertEquals(recorded.getMessage(), unlucky.failure().message());
        assertEquals("13 is unlucky", unlucky.failure().message());
        assertEquals(
                recorded.getApplicationFailureInfo().getType(),
                unlucky.failure().type());
        assertNull(unlucky.result());

        assertEquals(
                List.of("update_accepted", "update_completed", "update_accepted", "update_completed"),
                types(context.timeline().entries()));
        assertEquals(
                "completed",
                entryFor(context, completed.get(0).getEventId()).get("status").asText());
        assertEquals(
                "failed",
                entryFor(context, completed.get(1).getEventId()).get("status").asText());
        assertEquals(
                "bump-failed",
                entryFor(context, completed.get(1).getEventId())
                        .get("update_id")
                        .asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void theCompletionEntryNamesTheAcceptedEventEvenWhenTheServerDoesNot(String sdk) {
        List<HistoryEvent> events = events(sdk, "updates.json");
        List<HistoryEvent> accepted = all(events, HistoryEvent::hasWorkflowExecutionUpdateAcceptedEventAttributes);
        List<HistoryEvent> completed = all(events, HistoryEvent::hasWorkflowExecutionUpdateCompletedEventAttributes);
        // The recording's UpdateCompleted events do not say which event accepted them.
        completed.forEach(e -> assertEquals(
                0, e.getWorkflowExecutionUpdateCompletedEventAttributes().getAcceptedEventId()));

        fold(context, events);

        for (int i = 0; i < completed.size(); i++) {
            assertEquals(
                    accepted.get(i).getEventId(),
                    entryFor(context, completed.get(i).getEventId())
                            .get("accepted_event_id")
                            .asLong());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void anUpdateAcceptedButNotYetCompletedIsAccepted(String sdk) {
        List<HistoryEvent> events = events(sdk, "updates.json");
        HistoryEvent firstAccepted = all(events, HistoryEvent::hasWorkflowExecutionUpdateAcceptedEventAttributes)
                .get(0);

        List<UpdateExecution> updates =
                fold(context, upTo(events, firstAccepted.getEventId())).executions();

        assertEquals(1, updates.size());
        assertEquals(UpdateStatus.ACCEPTED, updates.get(0).status());
        assertNull(updates.get(0).completedTime());
        assertNull(updates.get(0).result());
        assertNull(updates.get(0).failure());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aStreamForgetsUpdatesOnceCompleted(String sdk) {
        List<HistoryEvent> events = events(sdk, "updates.json");
        HistoryEvent secondAccepted = all(events, HistoryEvent::hasWorkflowExecutionUpdateAcceptedEventAttributes)
                .get(1);

        List<UpdateExecution> midway = fold(FoldFixtures.forStream(), upTo(events, secondAccepted.getEventId()))
                .executions();
        assertEquals(
                List.of("bump-failed"),
                midway.stream().map(UpdateExecution::updateId).toList());
        assertNull(midway.get(0).input());

        assertEquals(List.of(), fold(FoldFixtures.forStream(), events).executions());
    }
}
