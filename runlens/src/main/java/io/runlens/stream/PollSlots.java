package io.runlens.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.runlens.config.RunlensConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The caps on requests held by {@code Prefer: wait=N} at once: {@code runlens.poll.max-concurrent} on
 * the instance and {@code runlens.poll.max-concurrent-per-organization} for each organization, counted
 * as streams are ({@link StreamSlots}), with the gauge {@code runlens_poll_open} and the counter
 * {@code runlens_poll_rejected_total{limit=instance|organization}}.
 */
@ApplicationScoped
public class PollSlots {

    private final StreamSlots slots;

    public PollSlots(RunlensConfig config, MeterRegistry metrics) {
        this.slots = new StreamSlots(
                config.poll().maxConcurrent(),
                config.poll().maxConcurrentPerOrganization(),
                metrics,
                new StreamSlots.Kind(
                        "poll", "Held requests (Prefer: wait)", "requests are held", "requests held", "poll less"));
    }

    @PreDestroy
    void unregister() {
        slots.unregister();
    }

    /**
     * A slot for a held request of {@code organization}.
     *
     * @throws StreamSlots.Full when the instance or the organization has no slot left
     */
    public StreamSlots.Slot acquire(String organization) {
        return slots.acquire(organization);
    }

    /** Requests held now. */
    public int open() {
        return slots.open();
    }
}
