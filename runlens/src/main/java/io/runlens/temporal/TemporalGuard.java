package io.runlens.temporal;

import io.runlens.config.FaultToleranceConfig;
import io.runlens.config.RunlensConfig;
import io.runlens.faults.BackendGuards;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The breakers and retry every Temporal call but long polls and the health check goes through, from
 * {@code runlens.fault-tolerance.temporal.*}: one breaker per Temporal connection (the default frontend,
 * and each namespace with a frontend of its own in {@code runlens.temporal.namespaces}), counting outages
 * only ({@link TemporalFailures#isOutage}), and a retry of reads that failed with UNAVAILABLE. A
 * customer's namespace whose frontend is down opens its own breaker: the other connections keep
 * answering.
 *
 * <p>The default connection's guard is named {@code temporal} in the fault-tolerance meters
 * ({@code ft_circuitbreaker_*{method="temporal"}}), another connection's {@code temporal:<namespace>}.
 */
@ApplicationScoped
public class TemporalGuard {

    private final Map<String, Guard> byConnection;

    public TemporalGuard(RunlensConfig runlens) {
        FaultToleranceConfig.Temporal config = runlens.faultTolerance().temporal();
        Map<String, Guard> guards = new HashMap<>();
        guards.put(TemporalClient.DEFAULT_CONNECTION, guard("temporal", config));
        for (String namespace : runlens.temporal().namespaces().keySet()) {
            guards.put(namespace, guard("temporal:" + namespace, config));
        }
        this.byConnection = Map.copyOf(guards);
    }

    private static Guard guard(String name, FaultToleranceConfig.Temporal config) {
        return Guard.create()
                .withDescription(name)
                .with(builder ->
                        BackendGuards.breaker(builder, name, config.circuitBreaker(), TemporalFailures::isOutage))
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

    /**
     * One Temporal call on {@code connection} (one of {@link TemporalClient#connections()}), with that
     * connection's breaker and the retry (its own deadline is the gRPC one).
     */
    public <T> Uni<T> call(String connection, Supplier<Uni<T>> call) {
        Guard guard = byConnection.get(connection);
        if (guard == null) {
            throw new IllegalArgumentException("no Temporal connection " + connection);
        }
        return BackendGuards.guarded(guard, call);
    }
}
