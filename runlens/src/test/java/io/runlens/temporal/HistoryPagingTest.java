package io.runlens.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.runlens.config.RunlensConfig;
import io.runlens.faults.TemporalBudget;
import io.runlens.observability.BackendCalls;
import io.runlens.support.temporal.PagedHistoryService;
import io.runlens.support.temporal.TraceWorkflows;
import io.runlens.trace.ActivityExecution;
import io.runlens.trace.WorkflowEvent;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Reads a real 10,000-event history (a workflow of 3,400 activities, recorded once) through a
 * frontend that pages it, as a production Temporal does, and checks the folded trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryPagingTest {

    private static final int ACTIVITIES = 3400;
    private static final String WORKFLOW_ID = "many-activities";

    private List<HistoryEvent> recorded;
    private DescribeWorkflowExecutionResponse described;

    @BeforeAll
    void recordALargeHistory() {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Worker worker = env.newWorker(
                    TraceWorkflows.QUEUE,
                    WorkerOptions.newBuilder()
                            .setMaxConcurrentActivityExecutionSize(400)
                            .build());
            worker.registerWorkflowImplementationTypes(TraceWorkflows.ManyActivitiesImpl.class);
            worker.registerActivitiesImplementations(new TraceWorkflows.StepsImpl());
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            int sum = client.newWorkflowStub(
                            TraceWorkflows.ManyActivities.class,
                            WorkflowOptions.newBuilder()
                                    .setTaskQueue(TraceWorkflows.QUEUE)
                                    .setWorkflowId(WORKFLOW_ID)
                                    .build())
                    .run(ACTIVITIES);
            assertEquals(IntStream.range(0, ACTIVITIES).map(i -> i + 1).sum(), sum);
            recorded = client.fetchHistory(WORKFLOW_ID).getEvents();
            described = env.getWorkflowServiceStubs()
                    .blockingStub()
                    .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace("default")
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(WORKFLOW_ID))
                            .build());
        }
        assertTrue(recorded.size() >= 10_000, "recorded " + recorded.size() + " events");
    }

    @AfterAll
    void dropHistory() {
        recorded = null;
    }

    static TemporalRunReader reader(String target, int pageSize) {
        // Quarkus' converter reads "5s" as the application does.
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(RunlensConfig.class)
                .withConverter(Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withConverter(
                        io.quarkus.runtime.configuration.MemorySize.class,
                        200,
                        new io.quarkus.runtime.configuration.MemorySizeConverter())
                .withDefaultValues(Map.of(
                        // The client is under test here, not the breaker (one per JVM, named, outside Quarkus).
                        "runlens.fault-tolerance.temporal.circuit-breaker.enabled",
                        "false",
                        "runlens.temporal.target",
                        target,
                        "runlens.temporal.history-page-size",
                        String.valueOf(pageSize)))
                .build();
        RunlensConfig runlens = config.getConfigMapping(RunlensConfig.class);
        return new TemporalRunReader(
                new TemporalClient(runlens, new TemporalGuard(runlens)),
                new SimpleMeterRegistry(),
                new BackendCalls(new SimpleMeterRegistry(), OpenTelemetry.noop().getTracer("test")),
                new ClosedRunCache(runlens, new SimpleMeterRegistry()),
                new RunningRunCache(runlens, new SimpleMeterRegistry()));
    }

    @Test
    void everyPageIsFoldedIntoOneTraceOfAllActivities() {
        try (PagedHistoryService frontend = new PagedHistoryService(WORKFLOW_ID, recorded, described)) {
            TemporalRun run = reader(frontend.target(), 1000)
                    .read("default", WORKFLOW_ID, "", 20, TemporalBudget.unbounded(Duration.ofSeconds(8)))
                    .await()
                    .atMost(Duration.ofSeconds(60));

            assertEquals(TemporalRun.OK, run.availability(), run.reason());
            int pages = (recorded.size() + 999) / 1000;
            assertEquals(pages, frontend.requestedPageSizes().size());
            assertTrue(frontend.requestedPageSizes().stream().allMatch(size -> size == 1000));
            assertEquals(ACTIVITIES, run.trace().totalActivities());
            assertEquals(ACTIVITIES, run.trace().completedActivities());
            assertEquals(0, run.trace().failedActivities());
            List<ActivityExecution> activities = run.trace().activities();
            for (int i = 0; i < ACTIVITIES; i += 97) {
                ActivityExecution activity = activities.get(i);
                assertEquals(io.runlens.trace.ActivityStatus.COMPLETED, activity.status());
                assertEquals(
                        activity.input().get("args").get(0).asInt() + 1,
                        activity.result().get("value").asInt());
            }
            assertEquals("completed", run.facts().closeStatus());
            assertEquals(recorded.size(), run.historyLength());
            assertEquals(
                    recorded.stream().mapToLong(HistoryEvent::getSerializedSize).sum(), run.historySizeBytes());
            assertEquals(
                    3 * ACTIVITIES,
                    run.trace().timeline().stream()
                            .filter(e -> e.get("type").asText().startsWith("activity_"))
                            .count());
            List<Long> expectedRecent = recorded.subList(recorded.size() - 20, recorded.size()).stream()
                    .map(HistoryEvent::getEventId)
                    .sorted((a, b) -> Long.compare(b, a))
                    .toList();
            assertEquals(
                    expectedRecent,
                    run.recentEvents().stream().map(WorkflowEvent::eventId).toList());
        }
    }

    @Test
    void smallPagesGiveTheSameTraceAsLargeOnes() {
        try (PagedHistoryService frontend = new PagedHistoryService(WORKFLOW_ID, recorded, described)) {
            TemporalRun small = reader(frontend.target(), 777)
                    .read("default", WORKFLOW_ID, "", 5, TemporalBudget.unbounded(Duration.ofSeconds(8)))
                    .await()
                    .atMost(Duration.ofSeconds(60));
            TemporalRun large = reader(frontend.target(), 5000)
                    .read("default", WORKFLOW_ID, "", 5, TemporalBudget.unbounded(Duration.ofSeconds(8)))
                    .await()
                    .atMost(Duration.ofSeconds(60));

            assertEquals(
                    (recorded.size() + 776) / 777 + (recorded.size() + 4999) / 5000,
                    frontend.requestedPageSizes().size());
            assertEquals(large.trace().activities(), small.trace().activities());
            assertEquals(large.trace().timeline(), small.trace().timeline());
            assertEquals(large.recentEvents(), small.recentEvents());
        }
    }

    @Test
    void anUnknownWorkflowIsNotFoundRatherThanAFailure() {
        try (PagedHistoryService frontend = new PagedHistoryService(WORKFLOW_ID, recorded, described)) {
            TemporalRun run = reader(frontend.target(), 1000)
                    .read("default", "nobody", "", 5, TemporalBudget.unbounded(Duration.ofSeconds(8)))
                    .await()
                    .atMost(Duration.ofSeconds(30));
            assertEquals(TemporalRun.NOT_FOUND, run.availability());
            assertEquals(0, frontend.requestedPageSizes().size());
        }
    }
}
