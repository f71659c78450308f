package io.runlens.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.runlens.support.temporal.FailureWorkflows;
import io.runlens.support.temporal.PagedHistoryService;
import io.runlens.trace.FailureInfo;
import io.runlens.trace.WorkflowEvent;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real histories of workflows that failed with deep cause chains, recorded once (the in-process
 * service hands messages over without serializing them), then served over real gRPC on a TCP port,
 * where grpc-java's default protobuf recursion limit of 100 cannot parse a chain about 95 deep.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeepFailureChainTest {

    private static final String QUEUE = "deep-failures";

    private record Recorded(String workflowId, List<HistoryEvent> events, DescribeWorkflowExecutionResponse describe) {}

    private Recorded ninetySevenCauses;
    private Recorded tooManyCauses;

    @BeforeAll
    void recordFailedRuns() {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            env.newWorker(QUEUE).registerWorkflowImplementationTypes(FailureWorkflows.DeepCauseImpl.class);
            env.start();
            ninetySevenCauses = record(env, "ninety-seven-causes", 97);
            tooManyCauses = record(env, "too-many-causes", 400);
        }
    }

    private static Recorded record(TestWorkflowEnvironment env, String workflowId, int causes) {
        WorkflowClient client = env.getWorkflowClient();
        FailureWorkflows.DeepCause workflow = client.newWorkflowStub(
                FailureWorkflows.DeepCause.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
        assertThrows(WorkflowFailedException.class, () -> workflow.fail(causes));
        List<HistoryEvent> events = client.fetchHistory(workflowId).getEvents();
        HistoryEvent failed = events.get(events.size() - 1);
        assertEquals(
                causes,
                depth(failed.getWorkflowExecutionFailedEventAttributes().getFailure()),
                "the chain as recorded");
        DescribeWorkflowExecutionResponse describe = env.getWorkflowServiceStubs()
                .blockingStub()
                .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace("default")
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                        .build());
        return new Recorded(workflowId, events, describe);
    }

    private static int depth(Failure failure) {
        int causes = 0;
        for (Failure at = failure; at.hasCause(); at = at.getCause()) {
            causes++;
        }
        return causes;
    }

    private static TemporalRun read(Recorded recorded) {
        try (PagedHistoryService frontend =
                new PagedHistoryService(recorded.workflowId(), recorded.events(), recorded.describe())) {
            return HistoryPagingTest.reader(frontend.target(), 1000)
                    .read(
                            "default",
                            recorded.workflowId(),
                            "",
                            20,
                            io.runlens.faults.TemporalBudget.unbounded(Duration.ofSeconds(8)))
                    .await()
                    .atMost(Duration.ofSeconds(30));
        }
    }

    @Test
    void aRunThatFailedWithNinetySevenCausesIsReadAndShowsTheFirstTwentyAndHowManyMore() {
        TemporalRun run = read(ninetySevenCauses);

        assertEquals(TemporalRun.OK, run.availability(), run.reason());
        FailureInfo failure = run.facts().failure();
        assertEquals("order failed", failure.message());
        assertEquals(21, failure.causes().size());
        for (int i = 0; i < 20; i++) {
            assertEquals("cause " + (i + 1), failure.causes().get(i).message());
        }
        FailureInfo leftOut = failure.causes().get(20);
        assertEquals("77 more causes left out", leftOut.message());
        assertEquals("runlens", leftOut.source());

        WorkflowEvent failedEvent = run.recentEvents().get(0);
        assertEquals("WorkflowExecutionFailed", failedEvent.eventType());
        JsonNode cause = failedEvent.details().toTree().get("failure");
        assertEquals("order failed", cause.get("message").asText());
        for (int i = 1; i <= 20; i++) {
            cause = cause.get("cause");
            assertEquals("cause " + i, cause.get("message").asText());
        }
        assertEquals(
                "77 more causes left out", cause.at("/cause/message").asText(), "recent_events cut the chain as well");
        assertTrue(cause.at("/cause/cause").isMissingNode());
    }

    @Test
    void aChainDeeperThanRunlensParsesAnswersPartialSayingWhy() {
        TemporalRun run = read(tooManyCauses);

        assertEquals(TemporalRun.UNAVAILABLE, run.availability());
        assertTrue(run.reason() != null && !run.reason().isBlank(), String.valueOf(run.reason()));
    }
}
