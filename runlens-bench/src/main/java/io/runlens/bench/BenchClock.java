package io.runlens.bench;

import java.util.concurrent.TimeUnit;

/** Pauses of the harness itself: polling a process or pacing a schedule, never waiting in place of a condition. */
final class BenchClock {

    private BenchClock() {}

    static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
