package io.runlens.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.runlens.config.RunlensConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
    private final Kind kind;
    private final AtomicInteger open = new AtomicInteger();
    // Only organizations with an open stream have an entry, so the map is bounded by the open streams.
    private final ConcurrentHashMap<String, Integer> openByOrganization = new ConcurrentHashMap<>();
    private final MeterRegistry metrics;
    private final Gauge openGauge;
    private final Counter rejectedOnInstance;
    private final Counter rejectedForOrganization;

    @Inject
    public StreamSlots(RunlensConfig config, MeterRegistry metrics) {
        this(
                config.stream().maxConcurrent(),
                config.stream().maxConcurrentPerOrganization(),
                metrics,
                new Kind("stream", "Live streams", "live streams are open", "live streams open", "close one"));
    }

    /**
     * What the slots are for: {@code meter} names the meters {@code runlens_<meter>_open} and
     * {@code runlens_<meter>_rejected_total}; the rest are the words of their descriptions and refusals.
     */
    public record Kind(String meter, String plural, String areOpen, String open, String advice) {}

    /** Slots of another kind than streams (held requests: {@code PollSlots}), with their own caps and meters. */
    public StreamSlots(int maxConcurrent, int maxPerOrganization, MeterRegistry metrics, Kind kind) {
        this.maxConcurrent = maxConcurrent;
        this.maxPerOrganization = maxPerOrganization;
        this.kind = kind;
        this.metrics = metrics;
        this.openGauge = Gauge.builder("runlens." + kind.meter() + ".open", open, AtomicInteger::get)
                .description(kind.plural() + " open")
                .register(metrics);
        this.rejectedOnInstance = rejected(metrics, kind, "instance");
        this.rejectedForOrganization = rejected(metrics, kind, "organization");
    }

    private static Counter rejected(MeterRegistry metrics, Kind kind, String limit) {
        return Counter.builder("runlens." + kind.meter() + ".rejected")
                .tag("limit", limit)
                .description(
                        kind.plural() + " refused at runlens." + kind.meter() + ".max-concurrent (limit=instance) or "
                                + "runlens." + kind.meter() + ".max-concurrent-per-organization (limit=organization)")
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
            throw new Full("too many " + kind.areOpen() + " on this instance; retry shortly");
        }
        if (!takeFor(organization)) {
            open.decrementAndGet();
            rejectedForOrganization.increment();
            throw new Full("your organization has too many " + kind.open() + " on this instance; " + kind.advice()
                    + " or retry shortly");
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
