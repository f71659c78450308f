package io.runlens.temporal;

import io.runlens.config.FaultToleranceConfig;
import io.runlens.config.RunlensConfig;
import io.runlens.faults.BackendGuards;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * The breaker and retry every Temporal call but long polls and the health check goes through, from
 * {@code runlens.fault-tolerance.temporal.*}: one breaker for the frontend, counting outages only
 * ({@link TemporalFailures#isOutage}), and a retry of reads that failed with UNAVAILABLE.
 */
@ApplicationScoped
public class TemporalGuard {

    private final Guard guard;

    public TemporalGuard(RunlensConfig runlens) {
        FaultToleranceConfig.Temporal config = runlens.faultTolerance().temporal();
        this.guard = Guard.create()
                .withDescription("temporal")
                .with(builder ->
                        BackendGuards.breaker(builder, "temporal", config.circuitBreaker(), TemporalFailures::isOutage))
                .with(builder -> {
                    if (config.retries() > 0) {
                        builder.withRetry()
                                .maxRetries(config.retries())
                                .delay(config.retryDelay().toMillis(), ChronoUnit.MILLIS)
                                .whenException(TemporalFailures::isRetryable)
                                .done();
                    }
                })
                .build();
    }

    /** One Temporal call, with the breaker and retry (its own deadline is the gRPC one). */
    public <T> Uni<T> call(Supplier<Uni<T>> call) {
        return BackendGuards.guarded(guard, call);
    }
}
