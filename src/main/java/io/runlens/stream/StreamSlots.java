package io.runlens.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.runlens.config.RunlensConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cap on live streams open at once ({@code runlens.stream.max-concurrent}): a stream takes a
 * slot before it reads anything and gives it back however it ends. Open streams are the gauge
 * {@code runlens_stream_open}, refused ones the counter {@code runlens_stream_rejected_total}.
 */
@ApplicationScoped
public class StreamSlots {

    private final int maxConcurrent;
    private final AtomicInteger open = new AtomicInteger();
    private final MeterRegistry metrics;
    private final Gauge openGauge;
    private final Counter rejected;

    public StreamSlots(RunlensConfig config, MeterRegistry metrics) {
        this.maxConcurrent = config.stream().maxConcurrent();
        this.metrics = metrics;
        this.openGauge = Gauge.builder("runlens.stream.open", open, AtomicInteger::get)
                .description("Live streams open").register(metrics);
        this.rejected = Counter.builder("runlens.stream.rejected")
                .description("Live streams refused at runlens.stream.max-concurrent").register(metrics);
    }

    /** The meters go with this instance, so that a new one (a restart in tests) reports its own counts. */
    @PreDestroy
    void unregister() {
        metrics.remove(openGauge);
        metrics.remove(rejected);
    }

    /** A slot, or empty when {@code max-concurrent} streams are open. */
    public Optional<Slot> tryAcquire() {
        while (true) {
            int current = open.get();
            if (current >= maxConcurrent) {
                rejected.increment();
                return Optional.empty();
            }
            if (open.compareAndSet(current, current + 1)) {
                return Optional.of(new Slot());
            }
        }
    }

    /** Streams open now. */
    public int open() {
        return open.get();
    }

    /** One open stream's place; released once, whichever of its endings comes first. */
    public final class Slot {

        private final AtomicBoolean released = new AtomicBoolean();

        private Slot() {
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                open.decrementAndGet();
            }
        }
    }
}
