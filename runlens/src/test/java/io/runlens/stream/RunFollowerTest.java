package io.runlens.stream;

import static io.runlens.support.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.runlens.config.RunlensConfig;
import io.runlens.support.Reachable;
import io.runlens.support.temporal.LongPollingHistoryService;
import io.runlens.support.temporal.PayloadWorkflows;
import io.runlens.support.temporal.TraceWorkflows;
import io.runlens.temporal.TemporalClient;
import io.runlens.temporal.TemporalGuard;
import io.runlens.trace.HistoryFolder;
import io.runlens.trace.HistoryFolder.FoldedEvent;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The follower against a frontend that long-polls as a production Temporal does (positions held by
 * tokens, answers with no events when its own interval ends), serving a real recorded history that
 * grows while the stream is open.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunFollowerTest {

    private static final String WORKFLOW_ID = "paced";
    private static final int PAGE_SIZE = 4;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private List<HistoryEvent> recorded;

    @BeforeAll
    void recordAHistory() {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Worker worker = env.newWorker(TraceWorkflows.QUEUE);
            worker.registerWorkflowImplementationTypes(TraceWorkflows.PacedImpl.class);
            worker.registerActivitiesImplementations(new TraceWorkflows.StepsImpl());
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            TraceWorkflows.Paced paced = client.newWorkflowStub(
                    TraceWorkflows.Paced.class,
                    WorkflowOptions.newBuilder()
                            .setTaskQueue(TraceWorkflows.QUEUE)
                            .setWorkflowId(WORKFLOW_ID)
                            .build());
            WorkflowClient.start(paced::run);
            paced.step(1);
            paced.step(2);
            paced.step(3);
            paced.finish();
            assertEquals(9, client.newUntypedWorkflowStub(WORKFLOW_ID).getResult(Integer.class));
            recorded = client.fetchHistory(WORKFLOW_ID).getEvents();
        }
        assertTrue(recorded.size() > 20, "recorded " + recorded.size() + " events");
    }

    private static RunFollower follower(String target) {
        return follower(target, "5s");
    }

    private static RunFollower follower(String target, String longPollTimeout) {
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
                        String.valueOf(PAGE_SIZE),
                        "runlens.stream.long-poll-timeout",
                        longPollTimeout))
                .build();
        RunlensConfig runlens = config.getConfigMapping(RunlensConfig.class);
        return new RunFollower(
                new TemporalClient(runlens, new TemporalGuard(runlens)), runlens, new SimpleMeterRegistry());
    }

    private static List<RunUpdate> updates(AssertSubscriber<RunFollower.Step> subscriber) {
        return subscriber.getItems().stream()
                .flatMap(step -> step.updates().stream())
                .toList();
    }

    private static List<Long> eventIds(List<RunUpdate> updates) {
        return updates.stream()
                .filter(RunUpdate.Event.class::isInstance)
                .map(update -> ((RunUpdate.Event) update).folded().eventId())
                .toList();
    }

    @Test
    void everyEventComesOnceAndInOrderThroughLongPollsWithoutReadingTheHistoryAgain() {
        try (LongPollingHistoryService frontend =
                new LongPollingHistoryService(WORKFLOW_ID, recorded, 6, Duration.ofMillis(300))) {
            RunFollower follower = follower(frontend.target());
            FollowedRun run = follower.locate("default", WORKFLOW_ID, "")
                    .await()
                    .atMost(WAIT)
                    .orElseThrow();
            assertEquals(new FollowedRun("default", WORKFLOW_ID, "run-1", "RUNNING", 6, ""), run);

            AssertSubscriber<RunFollower.Step> subscriber =
                    follower.follow(run, 0).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
            await().atMost(WAIT).until(() -> eventIds(updates(subscriber)).size() == 6);
            // Quiet for longer than the frontend's long-poll interval: it answers nothing, the stream a keep-alive.
            await().atMost(WAIT)
                    .until(() -> updates(subscriber).stream().anyMatch(RunUpdate.KeepAlive.class::isInstance));
            frontend.append(5);
            await().atMost(WAIT).until(() -> eventIds(updates(subscriber)).size() == 11);
            while (frontend.servedCount() < recorded.size()) {
                frontend.append(3);
            }
            subscriber.awaitCompletion(WAIT);

            List<RunUpdate> updates = updates(subscriber);
            assertEquals(LongStream.rangeClosed(1, recorded.size()).boxed().toList(), eventIds(updates));
            assertEquals(new RunUpdate.Status(WORKFLOW_ID, "run-1", "RUNNING", 0), updates.get(0));
            assertEquals(new RunUpdate.Status(WORKFLOW_ID, "run-1", "COMPLETED", 0), updates.get(updates.size() - 2));
            RunUpdate.Closed closed = assertInstanceOf(RunUpdate.Closed.class, updates.get(updates.size() - 1));
            assertEquals(recorded.size(), closed.closeEventId());
            assertEquals(9, closed.facts().result().get("value").asInt());
            // The history was read once, in pages, when the stream opened; everything after came by long poll.
            assertEquals((6 + PAGE_SIZE - 1) / PAGE_SIZE, frontend.reads());
            assertEquals(0, follower.longPollsInFlight());
        }
    }

    @Test
    void eachCallWaitsForDemandAndCancellingCancelsThePendingLongPoll() {
        try (LongPollingHistoryService frontend =
                new LongPollingHistoryService(WORKFLOW_ID, recorded, 6, Duration.ofSeconds(30))) {
            RunFollower follower = follower(frontend.target());
            FollowedRun run = follower.locate("default", WORKFLOW_ID, "")
                    .await()
                    .atMost(WAIT)
                    .orElseThrow();
            AssertSubscriber<RunFollower.Step> subscriber =
                    follower.follow(run, 0).subscribe().withSubscriber(AssertSubscriber.create(0));

            // One Temporal call per step asked for, and none before it is asked for.
            for (int step = 1; step <= 4; step++) {
                subscriber.request(1);
                int calls = step;
                await().atMost(WAIT).until(() -> subscriber.getItems().size() == calls);
                await().during(Duration.ofMillis(300))
                        .atMost(WAIT)
                        .until(() -> frontend.reads() + frontend.longPolls() == calls);
            }
            assertEquals(LongStream.rangeClosed(1, 6).boxed().toList(), eventIds(updates(subscriber)));

            // Caught up: the next step is a long poll that the frontend parks until something happens.
            subscriber.request(1);
            await().atMost(WAIT).until(() -> frontend.longPolls() == 3 && follower.longPollsInFlight() == 1);
            subscriber.cancel();

            await().atMost(WAIT).until(() -> frontend.cancelledLongPolls() == 1);
            assertEquals(0, follower.longPollsInFlight());
        }
    }

    @Test
    void onAServerThatHoldsNoPositionEventsWrittenDuringAWakeUpDoNotWaitForTheNextOne() {
        try (LongPollingHistoryService frontend =
                new LongPollingHistoryService(WORKFLOW_ID, recorded, 6, Duration.ofSeconds(30), false)) {
            RunFollower follower = follower(frontend.target(), "20s");
            FollowedRun run = follower.locate("default", WORKFLOW_ID, "")
                    .await()
                    .atMost(WAIT)
                    .orElseThrow();
            AssertSubscriber<RunFollower.Step> subscriber =
                    follower.follow(run, 0).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
            await().atMost(WAIT)
                    .until(() -> eventIds(updates(subscriber)).size() == 6 && follower.longPollsInFlight() == 1);

            // A wake-up (UNKNOWN), then more events while its read is on the way back: the next long poll
            // would start after them and wait 20 s for anything newer.
            frontend.appendAfterNextRead(3);
            frontend.append(2);

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> eventIds(updates(subscriber)).size() == 11);
            assertEquals(LongStream.rangeClosed(1, 11).boxed().toList(), eventIds(updates(subscriber)));
            while (frontend.servedCount() < recorded.size()) {
                frontend.append(4);
            }
            subscriber.awaitCompletion(WAIT);
            assertEquals(LongStream.rangeClosed(1, recorded.size()).boxed().toList(), eventIds(updates(subscriber)));
        }
    }

    private static final int BULK = 4_000;
    private static final List<String> EVERY_KIND = List.of(
            "workflow-input",
            "activity-0",
            "activity-2",
            "refused-activity",
            "local-activity",
            "child",
            "signal",
            "update");

    // A real run with a payload of every kind (workflow input, activity inputs and results, failure
    // details, a local activity's result, a child's input and result, a signal, an update), each marked.
    private static List<HistoryEvent> recordABulkyRun() {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Worker worker = env.newWorker(TraceWorkflows.QUEUE);
            PayloadWorkflows.register(worker);
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            PayloadWorkflows.Bulky bulky = client.newWorkflowStub(
                    PayloadWorkflows.Bulky.class,
                    WorkflowOptions.newBuilder()
                            .setTaskQueue(TraceWorkflows.QUEUE)
                            .setWorkflowId("bulky")
                            .build());
            WorkflowClient.start(bulky::run, PayloadWorkflows.payload("workflow-input", BULK), 3, BULK);
            bulky.note(PayloadWorkflows.payload("signal", BULK));
            bulky.amend(PayloadWorkflows.payload("update", BULK));
            bulky.finish(Map.of("marker", "RESULT-of-the-run"));
            client.newUntypedWorkflowStub("bulky").getResult(Map.class);
            return client.fetchHistory("bulky").getEvents();
        }
    }

    private static List<String> payloadsKept(Object fold) {
        return Reachable.texts(fold).stream()
                .filter(text -> text.contains("PAYLOAD-"))
                .map(text -> text.length() > 120 ? text.substring(0, 120) + "…" : text)
                .toList();
    }

    @Test
    void aStreamsFoldKeepsNoPayloadThatNoStreamEventCarriesAndHandsOutTheSameEventsAsTheDetailsFold() {
        List<HistoryEvent> history = recordABulkyRun();
        String recordedText = history.toString();
        EVERY_KIND.forEach(kind -> assertTrue(recordedText.contains("PAYLOAD-" + kind), "the history holds " + kind));

        HistoryFolder following = HistoryFolder.forStream();
        HistoryFolder details = HistoryFolder.forDetails(20);
        List<FoldedEvent> streamed = new ArrayList<>();
        List<FoldedEvent> expected = new ArrayList<>();
        int close = history.size() - 1;
        for (int from = 0; from < close; from += PAGE_SIZE) {
            List<HistoryEvent> page = history.subList(from, Math.min(from + PAGE_SIZE, close));
            streamed.addAll(following.follow(page, 0));
            following.takeEncodedPayloads();
            expected.addAll(details.follow(page, 0));
        }
        assertEquals(List.of(), payloadsKept(following), "a stream's fold keeps payloads it never sends");

        streamed.addAll(following.follow(history.subList(close, history.size()), 0));
        expected.addAll(details.follow(history.subList(close, history.size()), 0));
        assertEquals(expected, streamed, "the stream's events are what the details' fold makes of each event");
        // The closing event brings what end sends: the workflow's result, from that event alone.
        assertEquals(
                "RESULT-of-the-run",
                following.runFacts().result().path("marker").asText(),
                String.valueOf(following.runFacts().result()));
        assertEquals(List.of(), payloadsKept(following));
    }
}
