package io.runlens.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * What the soak's answers were, counted by kind (see {@link Answers}), with their latency: one tally per
 * phase and one for the whole run. Added to from the HTTP client's threads as answers arrive.
 */
final class Tally {

    final Map<String, LongAdder> kinds = new ConcurrentHashMap<>();
    final ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(5), 3);

    void add(String kind, long nanos) {
        kinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
        latency.recordValue(Math.min(nanos, TimeUnit.MINUTES.toNanos(5)));
    }

    long count() {
        return latency.getTotalCount();
    }

    long count(String kind) {
        LongAdder count = kinds.get(kind);
        return count == null ? 0 : count.sum();
    }

    /** Answers of every unexpected kind together. */
    long unexpected() {
        return kinds.entrySet().stream()
                .filter(e -> e.getKey().startsWith("unexpected"))
                .mapToLong(e -> e.getValue().sum())
                .sum();
    }
}
