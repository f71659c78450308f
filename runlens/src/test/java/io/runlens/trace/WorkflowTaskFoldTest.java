package io.runlens.trace;

import static io.runlens.trace.FoldFixtures.events;
import static io.runlens.trace.FoldFixtures.feed;
import static io.runlens.trace.FoldFixtures.only;
import static io.runlens.trace.FoldFixtures.time;
import static io.runlens.trace.FoldFixtures.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link WorkflowTaskFold} alone, over {@code workflow-task-failing} of both SDKs: workflow code that
 * throws on every task; only the first WorkflowTaskFailed is written (README, quirk 7).
 */
class WorkflowTaskFoldTest {

    private final FoldContext context = FoldFixtures.forDetails();

    private static boolean isWorkflowTaskProblem(HistoryEvent event) {
        return event.hasWorkflowTaskFailedEventAttributes() || event.hasWorkflowTaskTimedOutEventAttributes();
    }

    private static WorkflowTaskFold fold(FoldContext context, List<HistoryEvent> events) {
        WorkflowTaskFold fold = new WorkflowTaskFold(context);
        feed(context, events, WorkflowTaskFoldTest::isWorkflowTaskProblem, fold::apply);
        return fold;
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aWorkflowTaskThatFailedIsAProblemWithItsCauseAndFailure(String sdk) {
        List<HistoryEvent> events = events(sdk, "workflow-task-failing.json");
        HistoryEvent failed = only(events, HistoryEvent::hasWorkflowTaskFailedEventAttributes);
        var recorded = failed.getWorkflowTaskFailedEventAttributes();
        assertEquals(
                WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE,
                recorded.getCause());

        List<WorkflowTaskProblem> problems = fold(context, events).problems();

        assertEquals(1, problems.size());
        WorkflowTaskProblem problem = problems.get(0);
        assertEquals("failed", problem.kind());
        assertEquals(failed.getEventId(), problem.eventId());
        assertEquals(time(failed), problem.time());
        assertEquals("workflow_worker_unhandled_failure", problem.cause());
        assertEquals(recorded.getIdentity(), problem.identity());
        assertEquals(recorded.getFailure().getMessage(), problem.failure().message());
        // The workflow code's own error is in the chain: Java wraps it ("Failure handling event 3 …",
        // IllegalStateException two causes down), TypeScript's failure is the error itself.
        List<String> chain = new ArrayList<>();
        chain.add(problem.failure().message());
        if (problem.failure().causes() != null) {
            problem.failure().causes().forEach(c -> chain.add(c.message()));
        }
        assertTrue(chain.contains("bug in workflow code: no price for sku-42"), chain.toString());
        assertEquals(chainOf(recorded.getFailure()), chain);

        assertEquals(List.of("workflow_task_failed"), types(context.timeline().entries()));
        TimelineEntry entry = context.timeline().entries().get(0);
        assertEquals(failed.getEventId(), entry.get("event_id").asLong());
        assertEquals("workflow_worker_unhandled_failure", entry.get("cause").asText());
        assertEquals(
                recorded.getFailure().getMessage(), entry.get("failure_message").asText());
        assertEquals(recorded.getIdentity(), entry.get("identity").asText());
    }

    private static List<String> chainOf(Failure failure) {
        List<String> messages = new ArrayList<>();
        for (Failure f = failure; f != null; f = f.hasCause() ? f.getCause() : null) {
            messages.add(f.getMessage());
        }
        return messages;
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "typescript"})
    void aStreamKeepsNoProblemButDescribesIt(String sdk) {
        FoldContext stream = FoldFixtures.forStream();
        WorkflowTaskFold fold = new WorkflowTaskFold(stream);
        stream.timeline().next();
        fold.apply(only(events(sdk, "workflow-task-failing.json"), HistoryEvent::hasWorkflowTaskFailedEventAttributes));
        assertEquals(
                "workflow_task_failed", stream.timeline().last().get("type").asText());
        assertEquals(List.of(), fold.problems());
    }
}
