package io.runlens.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runlens.config.RunlensConfig;
import io.runlens.execution.ExecutionRecord;
import io.runlens.faults.Deadline;
import io.runlens.support.UnitConfig;
import io.runlens.temporal.TemporalClient;
import io.smallrye.mutiny.Uni;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionCanceledEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionCompletedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionContinuedAsNewEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionFailedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionTerminatedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionTimedOutEventAttributes;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The run rule on its own, over a Temporal made of a few runs: which run an answer shows when none is
 * asked for, which asked-for runs are the execution's, and how far the walk along a chain goes. The
 * workflow id {@value #WORKFLOW_ID} holds the execution's chain a1 → a2 → a3 (continue-as-new) and,
 * started later by someone else reusing the id, x1, which is the workflow id's latest run. (With
 * real workflows over HTTP: {@link RunRuleTest}, {@link RunChainTest}, {@code tenancy.TenantIsolationTest}.)
 */
class ExecutionRunsTest {

    private static final String WORKFLOW_ID = "invoice-7";
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A run as Temporal knows it; {@code handsOverTo} null while it runs, "" when it closed for good. */
    record Run(String firstRunId, boolean describeNamesFirstRun, EventType closedAs, String handsOverTo) {}

    /** The three calls the run rule makes to Temporal, answered from {@link #runs} and counted. */
    static final class ScriptedRuns extends TemporalClient {
        final Map<String, Run> runs = new HashMap<>();
        final List<String> asked = new ArrayList<>();
        final Set<String> failing = new HashSet<>();
        final List<String> namespaces = new ArrayList<>();

        ScriptedRuns(RunlensConfig config) {
            super(config, null);
        }

        private <T> Uni<Optional<T>> answer(String call, String namespace, String runId, Optional<T> answer) {
            asked.add(call + " " + runId);
            namespaces.add(namespace);
            if (failing.contains(runId)) {
                return Uni.createFrom().failure(new IllegalStateException("Temporal failed reading " + runId));
            }
            return Uni.createFrom().item(answer);
        }

        @Override
        public Uni<Optional<DescribeWorkflowExecutionResponse>> describe(
                String namespace, String workflowId, String runId) {
            Run run = runs.get(runId);
            return answer(
                    "describe",
                    namespace,
                    runId,
                    Optional.ofNullable(run)
                            .map(r -> DescribeWorkflowExecutionResponse.newBuilder()
                                    .setWorkflowExecutionInfo(WorkflowExecutionInfo.newBuilder()
                                            .setExecution(WorkflowExecution.newBuilder()
                                                    .setWorkflowId(workflowId)
                                                    .setRunId(runId))
                                            .setFirstRunId(r.describeNamesFirstRun() ? r.firstRunId() : ""))
                                    .build()));
        }

        @Override
        public Uni<Optional<HistoryEvent>> firstEvent(String namespace, String workflowId, String runId) {
            Run run = runs.get(runId);
            return answer(
                    "first",
                    namespace,
                    runId,
                    Optional.ofNullable(run)
                            .map(r -> HistoryEvent.newBuilder()
                                    .setEventId(1)
                                    .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
                                    .setWorkflowExecutionStartedEventAttributes(
                                            WorkflowExecutionStartedEventAttributes.newBuilder()
                                                    .setFirstExecutionRunId(r.firstRunId()))
                                    .build()));
        }

        @Override
        public Uni<Optional<HistoryEvent>> closeEvent(String namespace, String workflowId, String runId) {
            Run run = runs.get(runId);
            return answer(
                    "close",
                    namespace,
                    runId,
                    Optional.ofNullable(run)
                            .filter(r -> r.handsOverTo() != null)
                            .map(r -> closing(r.closedAs(), r.handsOverTo())));
        }
    }

    /** What an endpoint reads: who the run is, or that Temporal has none, or that it could not say. */
    record Read(String runId, Optional<RunIdentity> identity, boolean notFound) {}

    final class Reads implements RunReads<Read> {
        String latest = "x1";
        final Set<String> unavailable = new HashSet<>();
        final List<String> read = new ArrayList<>();

        @Override
        public Uni<Read> read(String runId) {
            String id = runId.isEmpty() ? latest : runId;
            read.add(runId.isEmpty() ? "latest" : runId);
            if (unavailable.contains(id)) {
                return Uni.createFrom().item(new Read(id, Optional.empty(), false));
            }
            Run run = temporal.runs.get(id);
            return Uni.createFrom()
                    .item(
                            run == null
                                    ? new Read(id, Optional.empty(), true)
                                    : new Read(id, Optional.of(new RunIdentity(id, run.firstRunId())), false));
        }

        @Override
        public Optional<RunIdentity> identity(Read read) {
            return read.identity();
        }

        @Override
        public boolean isNotFound(Read read) {
            return read.notFound();
        }
    }

    /** The runs the rule found to be the execution's, as they would be written to execution_run. */
    static final class RememberedRuns extends KnownRuns {
        final List<String> remembered = new ArrayList<>();

        RememberedRuns(RunlensConfig config) {
            super(null, null, config);
        }

        @Override
        public Uni<Void> remember(ExecutionRecord row, String runId) {
            remembered.add(runId);
            return Uni.createFrom().voidItem();
        }
    }

    private final RunlensConfig config = UnitConfig.runlens(Map.of("runlens.temporal.max-chain-runs", "4"));
    private final ScriptedRuns temporal = new ScriptedRuns(config);
    private final RememberedRuns known = new RememberedRuns(config);
    private final ExecutionRuns rule = new ExecutionRuns(temporal, config, known);
    private final Reads reads = new Reads();

    {
        temporal.runs.put("a1", new Run("a1", true, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, "a2"));
        temporal.runs.put("a2", new Run("a1", true, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, "a3"));
        temporal.runs.put("a3", new Run("a1", true, null, null));
        temporal.runs.put("x1", new Run("x1", true, null, null));
    }

    private static ExecutionRecord row(String namedRun) {
        ExecutionRecord row = new ExecutionRecord();
        row.id = UUID.randomUUID();
        row.organizationId = "org-a";
        row.temporalWorkflowId = WORKFLOW_ID;
        row.temporalNamespace = "payments";
        row.temporalRunId = namedRun;
        return row;
    }

    private static Deadline deadline() {
        return Deadline.after(WAIT);
    }

    private Read show(ExecutionRecord row, String requested) {
        return rule.show(row, Optional.ofNullable(requested), reads, deadline())
                .await()
                .atMost(WAIT);
    }

    private static HistoryEvent closing(EventType type, String next) {
        HistoryEvent.Builder event = HistoryEvent.newBuilder().setEventId(9).setEventType(type);
        switch (type) {
            case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED ->
                event.setWorkflowExecutionCompletedEventAttributes(
                        WorkflowExecutionCompletedEventAttributes.newBuilder().setNewExecutionRunId(next));
            case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED ->
                event.setWorkflowExecutionFailedEventAttributes(
                        WorkflowExecutionFailedEventAttributes.newBuilder().setNewExecutionRunId(next));
            case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT ->
                event.setWorkflowExecutionTimedOutEventAttributes(
                        WorkflowExecutionTimedOutEventAttributes.newBuilder().setNewExecutionRunId(next));
            case EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW ->
                event.setWorkflowExecutionContinuedAsNewEventAttributes(
                        WorkflowExecutionContinuedAsNewEventAttributes.newBuilder()
                                .setNewExecutionRunId(next));
            case EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED ->
                event.setWorkflowExecutionCanceledEventAttributes(
                        WorkflowExecutionCanceledEventAttributes.getDefaultInstance());
            case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED ->
                event.setWorkflowExecutionTerminatedEventAttributes(
                        WorkflowExecutionTerminatedEventAttributes.getDefaultInstance());
            default -> {}
        }
        return event.build();
    }

    @Test
    void withoutARunAskedForTheLatestRunOfTheRowsChainIsShownNotALaterStartOfItsWorkflowId() {
        Read shown = show(row("a1"), null);

        assertEquals("a3", shown.runId());
        assertEquals(List.of("a3"), known.remembered, "the step view may be asked for a3 by its id");
        assertEquals(Set.of("payments"), Set.copyOf(temporal.namespaces), "asked in the row's namespace");
    }

    @Test
    void theWorkflowIdsLatestRunIsShownAtOnceWhenItIsOfTheRowsChain() {
        reads.latest = "a3";

        Read shown = show(row("a1"), null);

        assertEquals("a3", shown.runId());
        assertEquals(List.of(), temporal.asked, "its first run names the row's run: nothing else to ask");
        assertEquals(List.of("latest"), reads.read);
    }

    @Test
    void aRunAskedForThatIsOfTheChainIsShown() {
        assertEquals("a2", show(row("a1"), "a2").runId());
        assertEquals("a1", show(row("a1"), "a1").runId());
        assertEquals("a1", show(row("a3"), "a1").runId(), "an earlier run of the row's chain");
    }

    @Test
    void aRunOfAnotherChainAnswersExactlyAsARunThatDoesNotExist() {
        NoSuchRunException foreign = assertThrows(NoSuchRunException.class, () -> show(row("a1"), "x1"));
        NoSuchRunException unknown = assertThrows(NoSuchRunException.class, () -> show(row("a1"), "nope"));

        assertEquals("the execution has no run x1", foreign.getMessage());
        assertEquals("the execution has no run nope", unknown.getMessage());
        assertEquals(List.of(), known.remembered);
    }

    @Test
    void theRunTheRowNamesIsTheExecutionsEvenWhenTemporalHasNoneOfIt() {
        Read shown = show(row("not-started-yet"), "not-started-yet");

        assertTrue(shown.notFound(), "the answer says Temporal has no such run");
    }

    @Test
    void whenTemporalCannotSayWhoARunIsTheAnswerSaysSoAndShowsNoOtherRun() {
        reads.unavailable.add("a2");
        reads.unavailable.add("x1");

        assertEquals(Optional.empty(), show(row("a1"), "a2").identity());
        Read latest = show(row("a1"), null);
        assertEquals("x1", latest.runId());
        assertEquals(Optional.empty(), latest.identity(), "nothing of x1 is shown: Temporal could not say whose it is");
        assertEquals(List.of(), temporal.asked, "no chain walk on a run nobody knows");
    }

    @Test
    void aRowThatNamesNoRunIsMatchedByItsWorkflowIdAlone() {
        ExecutionRecord row = row(null);

        assertTrue(rule.isOfExecution(row, new RunIdentity("x1", "x1"), deadline())
                .await()
                .atMost(WAIT));
        row.temporalRunId = "  ";
        assertTrue(rule.isOfExecution(row, new RunIdentity("x1", "x1"), deadline())
                .await()
                .atMost(WAIT));
    }

    @Test
    void aRunWhoseFirstRunTemporalDidNotSayIsNotTheExecutions() {
        assertFalse(rule.isOfExecution(row("a1"), new RunIdentity("a2", null), deadline())
                .await()
                .atMost(WAIT));
        assertEquals(List.of(), temporal.asked);
    }

    @Test
    void aLaterRunIsRecognisedByTheFirstRunOfTheRunTheRowNamesAskedOnlyOnce() {
        ExecutionRecord row = row("a2");

        for (int i = 0; i < 3; i++) {
            assertTrue(rule.isOfExecution(row, new RunIdentity("a3", "a1"), deadline())
                    .await()
                    .atMost(WAIT));
        }
        assertFalse(rule.isOfExecution(row, new RunIdentity("x1", "x1"), deadline())
                .await()
                .atMost(WAIT));

        assertEquals(List.of("describe a2"), temporal.asked, "what chain a run is of never changes");
        assertTrue(known.remembered.contains("a3"));
        assertFalse(known.remembered.contains("x1"));
    }

    @Test
    void serversWhoseDescribeLeavesTheFirstRunOutAreAskedForTheStartedEvent() {
        temporal.runs.put("a2", new Run("a1", false, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, "a3"));

        assertEquals(
                Optional.of("a1"),
                rule.firstRunOf("payments", WORKFLOW_ID, "a2", deadline())
                        .await()
                        .atMost(WAIT));
        assertEquals(List.of("describe a2", "first a2"), temporal.asked);
    }

    @Test
    void theFirstRunOfARunTemporalDoesNotKnowOrCannotReadIsUnknownAndNotRemembered() {
        temporal.failing.add("a2");

        assertEquals(
                Optional.empty(),
                rule.firstRunOf("payments", WORKFLOW_ID, "gone", deadline())
                        .await()
                        .atMost(WAIT));
        assertEquals(
                Optional.empty(),
                rule.firstRunOf("payments", WORKFLOW_ID, "a2", deadline())
                        .await()
                        .atMost(WAIT));
        temporal.failing.clear();
        assertEquals(
                Optional.of("a1"),
                rule.firstRunOf("payments", WORKFLOW_ID, "a2", deadline())
                        .await()
                        .atMost(WAIT));
        assertEquals(List.of("describe gone", "describe a2", "describe a2"), temporal.asked);
    }

    @Test
    void theWalkAlongAChainStopsAtTheConfiguredNumberOfRuns() {
        temporal.runs.clear();
        for (int i = 1; i <= 10; i++) {
            temporal.runs.put(
                    "c" + i,
                    new Run("c1", true, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, "c" + (i + 1)));
        }

        assertEquals("c5", rule.latestOfChain(row("c1"), deadline()).await().atMost(WAIT));
        assertEquals(List.of("close c1", "close c2", "close c3", "close c4"), temporal.asked);
    }

    @Test
    void whenTemporalFailsPartWayTheWalkEndsAtTheLastRunItReached() {
        temporal.failing.add("a2");

        assertEquals("a2", rule.latestOfChain(row("a1"), deadline()).await().atMost(WAIT));
        assertEquals(List.of("a2"), known.remembered);
    }

    @Test
    void aPassedDeadlineEndsTheWalkWhereItIs() {
        assertEquals(
                "a1",
                rule.latestOfChain(row("a1"), Deadline.after(Duration.ZERO))
                        .await()
                        .atMost(WAIT));
        assertEquals(List.of(), temporal.asked);
        assertEquals(List.of(), known.remembered);
    }

    @Test
    void aRowThatNamesNoRunHasNoChainToWalk() {
        assertEquals("", rule.latestOfChain(row(null), deadline()).await().atMost(WAIT));
        assertEquals(List.of(), temporal.asked);
    }

    @Test
    void aRunHandsOverThroughEveryClosingEventThatCanStartAnother() {
        assertEquals(
                "cron-2",
                ExecutionRuns.handedOverTo(closing(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, "cron-2")));
        assertEquals(
                "retry-2",
                ExecutionRuns.handedOverTo(closing(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, "retry-2")));
        assertEquals(
                "retry-3",
                ExecutionRuns.handedOverTo(closing(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT, "retry-3")));
        assertEquals(
                "next",
                ExecutionRuns.handedOverTo(closing(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, "next")));

        assertEquals("", ExecutionRuns.handedOverTo(closing(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, "")));
        assertEquals("", ExecutionRuns.handedOverTo(closing(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, "")));
        assertEquals("", ExecutionRuns.handedOverTo(closing(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, "")));
        assertEquals("", ExecutionRuns.handedOverTo(closing(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, "")));
    }

    @Test
    void aRowWithoutANamespaceIsReadInTheConfiguredOne() {
        ExecutionRecord row = row("a1");
        assertEquals("payments", rule.namespaceOf(row));

        row.temporalNamespace = " ";
        assertEquals("default", rule.namespaceOf(row));
        row.temporalNamespace = null;
        RunlensConfig platform = UnitConfig.runlens(Map.of("runlens.temporal.namespace", "platform"));
        assertEquals("platform", new ExecutionRuns(temporal, platform, new RememberedRuns(platform)).namespaceOf(row));
    }
}
