package io.runlens.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.runlens.support.UnitConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The caps on open streams, on their own: the instance's and each organization's, refusals that say
 * whose cap was met and are counted by it, a slot given back once however many times its stream ends,
 * and never more slots than the cap when many streams open at once. (Over SSE: {@link ExecutionStreamLimitsTest}.)
 */
class StreamSlotsTest {

    private static final String INSTANCE_FULL = "too many live streams are open on this instance; retry shortly";
    private static final String ORGANIZATION_FULL =
            "your organization has too many live streams open on this instance; close one or retry shortly";

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @AfterEach
    void close() {
        metrics.close();
    }

    private StreamSlots slots(int instance, int perOrganization) {
        return new StreamSlots(
                UnitConfig.runlens(Map.of(
                        "runlens.stream.max-concurrent",
                        String.valueOf(instance),
                        "runlens.stream.max-concurrent-per-organization",
                        String.valueOf(perOrganization))),
                metrics);
    }

    private double rejected(String limit) {
        return metrics.get("runlens.stream.rejected")
                .tag("limit", limit)
                .counter()
                .count();
    }

    @Test
    void anOrganizationAtItsCapIsRefusedWithoutTakingAnInstanceSlot() {
        StreamSlots slots = slots(3, 2);
        slots.acquire("a");
        slots.acquire("a");

        StreamSlots.Full full = assertThrows(StreamSlots.Full.class, () -> slots.acquire("a"));

        assertEquals(ORGANIZATION_FULL, full.getMessage());
        assertEquals(2, slots.open());
        assertEquals(2, slots.openFor("a"));
        assertEquals(1.0, rejected("organization"));
        assertEquals(0.0, rejected("instance"));
        // The slot the refused stream took on the instance went back: another organization gets it.
        slots.acquire("b");
        assertEquals(3, slots.open());
    }

    @Test
    void theInstanceAtItsCapRefusesEveryOrganization() {
        StreamSlots slots = slots(2, 2);
        slots.acquire("a");
        slots.acquire("b");

        StreamSlots.Full full = assertThrows(StreamSlots.Full.class, () -> slots.acquire("c"));

        assertEquals(INSTANCE_FULL, full.getMessage());
        assertEquals(0, slots.openFor("c"));
        assertEquals(1.0, rejected("instance"));
        assertEquals(0.0, rejected("organization"));
        assertEquals(2.0, metrics.get("runlens.stream.open").gauge().value());
    }

    @Test
    void aSlotIsGivenBackOnceHoweverManyTimesItsStreamEnds() {
        StreamSlots slots = slots(2, 2);
        StreamSlots.Slot first = slots.acquire("a");
        slots.acquire("a");

        first.release();
        first.release();
        first.release();

        assertEquals(1, slots.open());
        assertEquals(1, slots.openFor("a"));
        slots.acquire("a");
        assertThrows(StreamSlots.Full.class, () -> slots.acquire("a"));
    }

    @Test
    void anOrganizationWithNoStreamLeftHasNone() {
        StreamSlots slots = slots(4, 4);
        StreamSlots.Slot one = slots.acquire("a");
        StreamSlots.Slot two = slots.acquire("a");

        one.release();
        two.release();

        assertEquals(0, slots.openFor("a"));
        assertEquals(0, slots.open());
        for (int i = 0; i < 4; i++) {
            slots.acquire("a");
        }
    }

    @Test
    void manyStreamsOpeningAtOnceNeverGetMoreThanTheCap() throws Exception {
        StreamSlots slots = slots(5, 3);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> tries = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String organization = "org-" + (i % 4);
                tries.add(pool.submit(() -> {
                    go.await();
                    try {
                        slots.acquire(organization);
                        return true;
                    } catch (StreamSlots.Full e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int granted = 0;
            for (Future<Boolean> attempt : tries) {
                granted += attempt.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }

            assertEquals(5, granted);
            assertEquals(5, slots.open());
            int byOrganization = 0;
            for (int i = 0; i < 4; i++) {
                int open = slots.openFor("org-" + i);
                assertTrue(open <= 3, "org-" + i + " has " + open);
                byOrganization += open;
            }
            assertEquals(5, byOrganization);
            assertEquals(59.0, rejected("instance") + rejected("organization"));
        } finally {
            pool.shutdownNow();
        }
    }
}
