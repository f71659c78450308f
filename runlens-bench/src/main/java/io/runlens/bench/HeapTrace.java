package io.runlens.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The service's heap in use after a full GC over the soak, sampled on a timer, and the least-squares
 * slope of those samples: a leak shows as a steady rise across phases, where a single before/after pair
 * could as well be a cache filling up once.
 */
final class HeapTrace {

    record HeapSample(double minute, double usedMiB) {}

    private final List<HeapSample> samples = new ArrayList<>();

    synchronized void add(double minute, double usedMiB) {
        samples.add(new HeapSample(minute, usedMiB));
    }

    /**
     * Samples {@code service} every {@code seconds}, each dated in minutes since {@code start} (a
     * {@code nanoTime}); shut the returned executor down to stop.
     */
    ScheduledExecutorService sampleEvery(long seconds, ServiceProcess service, long start) {
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(
                () -> {
                    double used = service.heapUsedAfterGcMiB();
                    add((System.nanoTime() - start) / 6e10, used);
                },
                seconds,
                seconds,
                TimeUnit.SECONDS);
        return sampler;
    }

    synchronized List<HeapSample> samples() {
        return List.copyOf(samples);
    }

    /** MiB per minute, of {@code samples} (one snapshot, so the slope is that of the rows printed beside it). */
    static double slope(List<HeapSample> samples) {
        double n = samples.size();
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (HeapSample s : samples) {
            sx += s.minute();
            sy += s.usedMiB();
            sxx += s.minute() * s.minute();
            sxy += s.minute() * s.usedMiB();
        }
        double denominator = n * sxx - sx * sx;
        return denominator == 0 ? 0 : (n * sxy - sx * sy) / denominator;
    }
}
