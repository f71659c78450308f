package io.runlens.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

public interface HealthConfig {
    /**
     * Whether an unreachable Temporal makes the service not ready. {@code false} keeps it ready:
     * rows and partial details still answer while Temporal is down.
     */
    @WithDefault("true")
    boolean temporalAffectsReadiness();

    /** How long the readiness probe waits for Temporal. */
    @WithDefault("2s")
    Duration temporalTimeout();
}
