package io.runlens.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.runlens.config.RunlensConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The caps on live streams open at once: {@code runlens.stream.max-concurrent} on the instance and
 * {@code runlens.stream.max-concurrent-per-organization} for each organization, so that one tenant
 * cannot hold every slot. A stream takes a slot before it reads anything and gives it back however
 * it ends. Open streams are the gauge {@code runlens_stream_open}, refused ones the counter
 * {@code runlens_stream_rejected_total{limit=instance|organization}}.
 */
@ApplicationScoped
public class StreamSlots {

    private final int maxConcurrent;
    private final int maxPerOrganization;
    private final AtomicInteger open = new AtomicInteger();
    // Only organizations with an open stream have an entry, so the map is bounded by the open streams.
    private final ConcurrentHashMap<String, Integer> openByOrganization = new ConcurrentHashMap<>();
    private final MeterRegistry metrics;
    private final Gauge openGauge;
    private final Counter rejectedOnInstance;
    private final Counter rejectedForOrganization;

    public StreamSlots(RunlensConfig config, MeterRegistry metrics) {
        this.maxConcurrent = config.stream().maxConcurrent();
        this.maxPerOrganization = config.stream().maxConcurrentPerOrganization();
        this.metrics = metrics;
        this.openGauge = Gauge.builder("runlens.stream.open", open, AtomicInteger::get)
                .description("Live streams open")
                .register(metrics);
        this.rejectedOnInstance = rejected(metrics, "instance");
        this.rejectedForOrganization = rejected(metrics, "organization");
    }

    private static Counter rejected(MeterRegistry metrics, String limit) {
        return Counter.builder("runlens.stream.rejected")
                .tag("limit", limit)
                .description("Live streams refused at runlens.stream.max-concurrent (limit=instance) or "
                        + "runlens.stream.max-concurrent-per-organization (limit=organization)")
                .register(metrics);
    }

    /** The meters go with this instance, so that a new one (a restart in tests) reports its own counts. */
    @PreDestroy
    void unregister() {
        metrics.remove(openGauge);
        metrics.remove(rejectedOnInstance);
        metrics.remove(rejectedForOrganization);
    }

    /**
     * A slot for a stream of {@code organization}.
     *
     * @throws Full when the instance or the organization has no slot left; its message is the caller's detail
     */
    public Slot acquire(String organization) {
        if (!takeOnInstance()) {
            rejectedOnInstance.increment();
            throw new Full("too many live streams are open on this instance; retry shortly");
        }
        if (!takeFor(organization)) {
            open.decrementAndGet();
            rejectedForOrganization.increment();
            throw new Full(
                    "your organization has too many live streams open on this instance; close one or retry shortly");
        }
        return new Slot(organization);
    }

    private boolean takeOnInstance() {
        while (true) {
            int current = open.get();
            if (current >= maxConcurrent) {
                return false;
            }
            if (open.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    private boolean takeFor(String organization) {
        AtomicBoolean taken = new AtomicBoolean();
        openByOrganization.compute(organization, (ignored, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerOrganization) {
                return count;
            }
            taken.set(true);
            return current + 1;
        });
        return taken.get();
    }

    /** Streams open now. */
    public int open() {
        return open.get();
    }

    /** Streams {@code organization} has open now. */
    public int openFor(String organization) {
        return openByOrganization.getOrDefault(organization, 0);
    }

    /** No slot is left for the stream; the message says whose cap it met. */
    public static final class Full extends RuntimeException {
        Full(String detail) {
            super(detail, null, false, false);
        }
    }

    /** One open stream's place; released once, whichever of its endings comes first. */
    public final class Slot {

        private final String organization;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String organization) {
            this.organization = organization;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                openByOrganization.computeIfPresent(organization, (ignored, count) -> count <= 1 ? null : count - 1);
                open.decrementAndGet();
            }
        }
    }
}
