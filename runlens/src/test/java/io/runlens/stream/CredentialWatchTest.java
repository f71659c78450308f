package io.runlens.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The re-check policy of an API key's stream on a real Vert.x event loop and timer: what each
 * re-check answers is scripted (live, revoked, or failed as an unreachable PostgreSQL fails), and
 * the test watches when the stream's cutoff signal fires.
 */
class CredentialWatchTest {

    private static final Duration RECHECK = Duration.ofMillis(200);

    private Vertx vertx;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Answers the re-checks in order from {@code script}: true live, false revoked, null a failure; then live. */
    private record Script(List<Boolean> answers, AtomicInteger asked, List<Instant> times) {
        static Script of(Boolean... answers) {
            return new Script(java.util.Arrays.asList(answers), new AtomicInteger(), new CopyOnWriteArrayList<>());
        }

        Uni<Boolean> next() {
            times.add(Instant.now());
            int i = asked.getAndIncrement();
            Boolean answer = i < answers.size() ? answers.get(i) : Boolean.TRUE;
            return answer == null
                    ? Uni.createFrom().failure(new java.net.ConnectException("Connection refused"))
                    : Uni.createFrom().item(answer);
        }
    }

    // Starts the watch on an event loop, as a stream does, and subscribes to its signal there.
    private UniAssertSubscriber<String> watch(CredentialWatch watch) throws Exception {
        LinkedBlockingQueue<UniAssertSubscriber<String>> started = new LinkedBlockingQueue<>();
        vertx.runOnContext(ignored -> {
            watch.start();
            started.add(watch.cutoff().signal().subscribe().withSubscriber(UniAssertSubscriber.create()));
        });
        return started.poll(10, TimeUnit.SECONDS);
    }

    @Test
    void aLiveKeyKeepsTheStreamAndARevokedOneEndsItAtTheNextRecheck() throws Exception {
        Script script = Script.of(true, true, false);
        CredentialWatch watch = CredentialWatch.recheckedEvery(RECHECK, script::next, vertx);
        UniAssertSubscriber<String> signal = watch(watch);

        assertEquals(
                CredentialWatch.REVOKED,
                signal.awaitItem(Duration.ofSeconds(10)).getItem());
        assertEquals(3, script.asked().get(), "ended at the third re-check, the first that found it revoked");
        Thread.sleep(3 * RECHECK.toMillis());
        assertEquals(3, script.asked().get(), "no re-check after the end");
    }

    @Test
    void oneFailedRecheckIsForgivenAndTwoInARowEndTheStreamAsUnverified() throws Exception {
        // Failed, then live (a blip: forgiven, and the count starts again), then failed twice in a row.
        Script script = Script.of(null, true, null, null);
        CredentialWatch watch = CredentialWatch.recheckedEvery(RECHECK, script::next, vertx);
        UniAssertSubscriber<String> signal = watch(watch);

        assertEquals(
                CredentialWatch.UNVERIFIED,
                signal.awaitItem(Duration.ofSeconds(10)).getItem());
        assertEquals(4, script.asked().get(), "neither the blip nor the first failure of the two ended it");
    }

    @Test
    void stoppingTheWatchStopsTheRechecks() throws Exception {
        Script script = Script.of();
        CredentialWatch watch = CredentialWatch.recheckedEvery(RECHECK, script::next, vertx);
        UniAssertSubscriber<String> signal = watch(watch);
        Thread.sleep(3 * RECHECK.toMillis());
        watch.stop();
        int asked = script.asked().get();
        assertTrue(asked >= 1, "re-checked while open");
        Thread.sleep(3 * RECHECK.toMillis());
        assertEquals(asked, script.asked().get(), "no re-check once the stream ended");
        assertFalse(signal.getItem() != null, "a live key never fired the signal");
    }

    @Test
    void aJwtsCutoffIsItsExpiryAndNeedsNoTimer() {
        Instant expiry = Instant.now().plusSeconds(30);
        CredentialWatch watch = CredentialWatch.expiringAt(expiry);
        watch.start();
        assertEquals(expiry, watch.cutoff().at());
        assertEquals(CredentialWatch.EXPIRED, watch.cutoff().atReason());
        watch.stop();
    }
}
