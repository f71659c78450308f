package io.runlens.trace;

import static io.runlens.trace.FoldFixtures.all;
import static io.runlens.trace.FoldFixtures.args;
import static io.runlens.trace.FoldFixtures.entryFor;
import static io.runlens.trace.FoldFixtures.events;
import static io.runlens.trace.FoldFixtures.feed;
import static io.runlens.trace.FoldFixtures.first;
import static io.runlens.trace.FoldFixtures.json;
import static io.runlens.trace.FoldFixtures.last;
import static io.runlens.trace.FoldFixtures.millisBetween;
import static io.runlens.trace.FoldFixtures.only;
import static io.runlens.trace.FoldFixtures.time;
import static io.runlens.trace.FoldFixtures.types;
import static io.runlens.trace.FoldFixtures.upTo;
import static io.runlens.trace.FoldFixtures.wrapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ChildWorkflowFold} alone, over the parent of {@code child-workflows} in both SDKs: a child
 * that completes and one that fails. The children's own recorded histories are the second witness:
 * the run ids and the failure the parent shows must be the children's own.
 */
class ChildWorkflowFoldTest {

    private final FoldContext context = FoldFixtures.forDetails();

    private static boolean isChildEvent(HistoryEvent event) {
        return switch (event.getEventType()) {
            case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
                    EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED,
                    EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED,
                    EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
                    EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED,
                    EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED,
                    EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT,
                    EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED -> true;
            default -> false;
        };
    }

    private static ChildWorkflowFold fold(FoldContext context, List<HistoryEvent> events) {
        ChildWorkflowFold fold = new ChildWorkflowFold(context);
        feed(context, events, ChildWorkflowFoldTest::isChildEvent, fold::apply);
        return fold;
    }

    private static HistoryEvent ofChild(List<HistoryEvent> events, EventType type, long initiatedEventId) {
        return only(events, e -> e.getEventType() == type && initiatedEventIdOf(e) == initiatedEventId);
    }

    private static long initiatedEventIdOf(HistoryEvent event) {
        return switch (event.getEventType()) {
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED ->
                event.getChildWorkflowExecutionStartedEventAttributes().getInitiatedEventId();
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED ->
                event.getChildWorkflowExecutionCompletedEventAttributes().getInitiatedEventId();
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED ->
                event.getChildWorkflowExecutionFailedEventAttributes().getInitiatedEventId();
            default -> -1;
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void oneChildCompletesAndOneFailsEachGroupedByItsInitiatedEvent(String sdk) {
        List<HistoryEvent> events = events(sdk, "child-workflows.json");
        List<HistoryEvent> initiated =
                all(events, HistoryEvent::hasStartChildWorkflowExecutionInitiatedEventAttributes);
        assertEquals(2, initiated.size());

        List<ChildWorkflowExecution> children = fold(context, events).executions();

        assertEquals(
                initiated.stream().map(HistoryEvent::getEventId).toList(),
                children.stream().map(ChildWorkflowExecution::initiatedEventId).toList());

        // The first child ("pack", false) completes with "hello pack".
        HistoryEvent packInitiated = initiated.get(0);
        HistoryEvent packStarted =
                ofChild(events, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED, packInitiated.getEventId());
        HistoryEvent packCompleted =
                ofChild(events, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED, packInitiated.getEventId());
        var packRequest = packInitiated.getStartChildWorkflowExecutionInitiatedEventAttributes();
        ChildWorkflowExecution pack = children.get(0);
        assertEquals(ChildWorkflowStatus.COMPLETED, pack.status());
        assertEquals(packRequest.getWorkflowId(), pack.workflowId());
        assertEquals(packRequest.getWorkflowType().getName(), pack.workflowType());
        assertEquals(packRequest.getNamespace(), pack.namespace());
        assertEquals(
                packStarted
                        .getChildWorkflowExecutionStartedEventAttributes()
                        .getWorkflowExecution()
                        .getRunId(),
                pack.runId());
        assertEquals(time(packInitiated), pack.initiatedTime());
        assertEquals(time(packStarted), pack.startedTime());
        assertEquals(time(packCompleted), pack.closedTime());
        assertEquals(millisBetween(packStarted, packCompleted), pack.durationMs());
        assertEquals(args(packRequest.getInput().getPayloadsList()), pack.input());
        assertEquals(
                wrapped(json(packCompleted
                        .getChildWorkflowExecutionCompletedEventAttributes()
                        .getResult()
                        .getPayloads(0))),
                pack.result());
        assertNull(pack.failure());

        // The second child ("ship", true) fails: "cannot ship: carrier unavailable", CarrierUnavailable.
        HistoryEvent shipInitiated = initiated.get(1);
        HistoryEvent shipFailed =
                ofChild(events, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED, shipInitiated.getEventId());
        Failure recorded =
                shipFailed.getChildWorkflowExecutionFailedEventAttributes().getFailure();
        ChildWorkflowExecution ship = children.get(1);
        assertEquals(ChildWorkflowStatus.FAILED, ship.status());
        assertEquals(
                shipInitiated
                        .getStartChildWorkflowExecutionInitiatedEventAttributes()
                        .getWorkflowId(),
                ship.workflowId());
        assertEquals(time(shipFailed), ship.closedTime());
        assertEquals(recorded.getMessage(), ship.failure().message());
        assertEquals(
                recorded.getApplicationFailureInfo().getType(), ship.failure().type());
        assertEquals("CarrierUnavailable", ship.failure().type());
        assertNull(ship.result());

        assertEquals(
                List.of(
                        "child_workflow_initiated",
                        "child_workflow_started",
                        "child_workflow_completed",
                        "child_workflow_initiated",
                        "child_workflow_started",
                        "child_workflow_failed"),
                types(context.timeline().entries()));
        var failedEntry = entryFor(context, shipFailed.getEventId());
        assertEquals(recorded.getMessage(), failedEntry.get("failure_message").asText());
        assertEquals(ship.runId(), failedEntry.get("run_id").asText());
        assertEquals(
                shipInitiated.getEventId(),
                failedEntry.get("initiated_event_id").asLong());
        // The Initiated entry comes before the child has a run: no run id yet.
        assertNull(entryFor(context, shipInitiated.getEventId()).get("run_id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void theChildrenAreTheRunsRecordedInTheirOwnHistories(String sdk) {
        List<ChildWorkflowExecution> children =
                fold(context, events(sdk, "child-workflows.json")).executions();
        List<HistoryEvent> completes = events(sdk, "child-workflows.child-completes.json");
        List<HistoryEvent> fails = events(sdk, "child-workflows.child-fails.json");

        assertEquals(
                first(completes).getWorkflowExecutionStartedEventAttributes().getOriginalExecutionRunId(),
                children.get(0).runId());
        assertEquals(
                first(fails).getWorkflowExecutionStartedEventAttributes().getOriginalExecutionRunId(),
                children.get(1).runId());
        // The failing child's own closing failure is the one its parent shows.
        assertEquals(
                last(fails)
                        .getWorkflowExecutionFailedEventAttributes()
                        .getFailure()
                        .getMessage(),
                children.get(1).failure().message());
        assertEquals(
                json(last(completes)
                        .getWorkflowExecutionCompletedEventAttributes()
                        .getResult()
                        .getPayloads(0)),
                children.get(0).result().get("value"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aChildIsInitiatedThenStartedBeforeItCloses(String sdk) {
        List<HistoryEvent> events = events(sdk, "child-workflows.json");
        HistoryEvent initiated = all(events, HistoryEvent::hasStartChildWorkflowExecutionInitiatedEventAttributes)
                .get(0);
        HistoryEvent started =
                ofChild(events, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED, initiated.getEventId());

        ChildWorkflowExecution justInitiated = fold(FoldFixtures.forDetails(), upTo(events, initiated.getEventId()))
                .executions()
                .get(0);
        assertEquals(ChildWorkflowStatus.INITIATED, justInitiated.status());
        assertNull(justInitiated.runId());
        assertNull(justInitiated.startedTime());

        ChildWorkflowExecution running = fold(FoldFixtures.forDetails(), upTo(events, started.getEventId()))
                .executions()
                .get(0);
        assertEquals(ChildWorkflowStatus.STARTED, running.status());
        assertEquals(time(started), running.startedTime());
        assertNull(running.closedTime());
        assertNull(running.durationMs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aStreamKeepsOnlyTheChildrenStillOpen(String sdk) {
        List<HistoryEvent> events = events(sdk, "child-workflows.json");
        HistoryEvent secondStarted = all(events, HistoryEvent::hasChildWorkflowExecutionStartedEventAttributes)
                .get(1);

        List<ChildWorkflowExecution> midway = fold(FoldFixtures.forStream(), upTo(events, secondStarted.getEventId()))
                .executions();
        // The first child has completed by then: only the second is kept, without its input.
        assertEquals(1, midway.size());
        assertEquals(ChildWorkflowStatus.STARTED, midway.get(0).status());
        assertNull(midway.get(0).input());

        assertEquals(List.of(), fold(FoldFixtures.forStream(), events).executions());
    }
}
