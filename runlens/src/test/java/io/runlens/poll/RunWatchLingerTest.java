package io.runlens.poll;

import static io.runlens.support.HeldPolls.held;
import static io.runlens.support.HeldPolls.settledTag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runlens.stream.PollSlots;
import io.runlens.stream.RunWatches;
import io.runlens.support.ExecutionRows;
import io.runlens.support.PacedRun;
import io.runlens.support.TemporalTestService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.Waits;
import io.temporal.client.WorkflowClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A dashboard polls again as soon as it has its answer: the run's watch (its Temporal long poll, which
 * starts by reading the run's history) outlives the answered request by runlens.poll.watch-linger, so
 * consecutive polls share one; it ends when nobody comes back. A request that joins a watch which has
 * seen events its answer does not show is woken at once.
 */
@QuarkusTest
@QuarkusTestResource(value = TemporalTestService.class, restrictToAnnotatedClass = true)
class RunWatchLingerTest {

    @InjectTemporal
    WorkflowClient temporal;

    private final ExecutionRows rows;
    private final PollSlots slots;
    private final RunWatches watches;

    RunWatchLingerTest(ExecutionRows rows, PollSlots slots, RunWatches watches) {
        this.rows = rows;
        this.slots = slots;
        this.watches = watches;
    }

    /** One blocking poll answered by the run's step {@code step}. */
    private void pollThrough(String token, String path, PacedRun run, int step) throws Exception {
        String etag = settledTag(token, path);
        var held = held(token, path, etag, "Prefer", "wait=30");
        Waits.await().atMost(Duration.ofSeconds(10)).until(() -> slots.open() == 1);
        run.stub().step(step);
        HttpResponse<String> answer = held.get(20, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), answer.body());
        assertNotEquals(etag, answer.headers().firstValue("ETag").orElseThrow(), "the answer changed");
        Waits.await().atMost(Duration.ofSeconds(5)).until(() -> slots.open() == 0);
    }

    @Test
    void consecutivePollsShareOneWatchWhichEndsWhenNobodyComesBack() throws Exception {
        String org = "org-" + UUID.randomUUID();
        PacedRun run = PacedRun.start(temporal, rows, org);
        String token = TestTokens.forOrganization(org);
        String path = "/api/v1/executions/" + run.id() + "/details";

        long before = watches.startedCount();
        for (int step = 1; step <= 3; step++) {
            pollThrough(token, path, run, step);
        }
        assertEquals(1, watches.startedCount() - before, "three polls in a row, one Temporal watch");

        Duration linger = ConfigProvider.getConfig().getValue("runlens.poll.watch-linger", Duration.class);
        Waits.await().atMost(linger.plusSeconds(10)).until(() -> watches.watched() == 0);
        run.stub().finish();
    }

    @Test
    void joiningAWatchThatIsPastTheAnswerWakesAtOnce() throws Exception {
        String org = "org-" + UUID.randomUUID();
        PacedRun run = PacedRun.start(temporal, rows, org);
        String token = TestTokens.forOrganization(org);
        pollThrough(token, "/api/v1/executions/" + run.id() + "/details", run, 1);

        // The watch lingers, having seen the events of step 1: an answer showing only the first event is stale.
        AtomicInteger stale = new AtomicInteger();
        Runnable release = watches.watch("default", run.workflowId(), run.runId(), 1, stale::incrementAndGet);
        assertEquals(1, stale.get(), "woken as it joined");
        release.run();

        // An answer that shows more than the watch has seen waits for the next event.
        AtomicInteger current = new AtomicInteger();
        release = watches.watch("default", run.workflowId(), run.runId(), 1_000_000, current::incrementAndGet);
        assertEquals(0, current.get(), "nothing new for it yet");
        run.stub().step(2);
        Waits.await().atMost(Duration.ofSeconds(10)).until(() -> current.get() > 0);
        release.run();
        assertTrue(watches.startedCount() > 0);
        run.stub().finish();
    }
}
