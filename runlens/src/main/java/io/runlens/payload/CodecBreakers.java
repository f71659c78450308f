package io.runlens.payload;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.runlens.config.FaultToleranceConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One circuit breaker per Temporal namespace around the codec server
 * ({@code runlens.fault-tolerance.codec.circuit-breaker.*}): a namespace whose payloads keep failing
 * or timing out leaves only its own payloads undecoded for a while. A 4xx answer is the codec server
 * refusing those payloads, not failing, so it does not count (408 and 429, "busy", do). Breakers of
 * namespaces not used for an hour are dropped, and at most {@value #MAX_NAMESPACES} are kept. The
 * gauge {@code runlens_codec_breakers_open} counts the namespaces left alone now.
 */
final class CodecBreakers {

    static final int MAX_NAMESPACES = 1024;
    private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {};

    private final FaultToleranceConfig.CodecCircuitBreaker config;
    private final Cache<String, Guard> byNamespace;
    private final Set<String> open = ConcurrentHashMap.newKeySet();
    private final MeterRegistry metrics;
    private final Gauge openGauge;

    CodecBreakers(FaultToleranceConfig.CodecCircuitBreaker config, MeterRegistry metrics) {
        this.config = config;
        this.metrics = metrics;
        this.byNamespace = Caffeine.newBuilder()
                .maximumSize(MAX_NAMESPACES)
                .expireAfterAccess(Duration.ofHours(1))
                .executor(Runnable::run)
                .<String, Guard>removalListener((namespace, guard, cause) -> open.remove(namespace))
                .build();
        this.openGauge = Gauge.builder("runlens.codec.breakers.open", open, Set::size)
                .description(
                        "Namespaces whose codec breaker is open: their encoded payloads stay undecoded for a while")
                .register(metrics);
    }

    /** The gauge goes with its owner, so that a new one (a restart in tests) reports its own count. */
    void unregister() {
        metrics.remove(openGauge);
    }

    /** {@code call} to the codec server for payloads of {@code namespace}, behind that namespace's breaker. */
    @SuppressWarnings("unchecked")
    <T> Uni<T> guarded(String namespace, Supplier<Uni<T>> call) {
        if (!config.enabled()) {
            return call.get();
        }
        Guard guard = byNamespace.get(namespace, this::breaker);
        return Uni.createFrom().deferred(() -> (Uni<T>) guard.get(() -> (Uni<Object>) call.get(), UNI));
    }

    private Guard breaker(String namespace) {
        // No description: per-namespace guards would each register FT metrics under one name; the gauge above counts
        // them.
        return Guard.create()
                .withCircuitBreaker()
                .requestVolumeThreshold(config.requestVolume())
                .failureRatio(config.failureRatio())
                .delay(config.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(config.successThreshold())
                .when(failure -> !isRefusal(failure))
                .onStateChange(state -> {
                    if (state == CircuitBreakerState.OPEN) {
                        open.add(namespace);
                    } else {
                        open.remove(namespace);
                    }
                })
                .done()
                .build();
    }

    /** The codec server answered 4xx: it refuses these payloads (unknown key id, bad request), but it is up. */
    static boolean isRefusal(Throwable failure) {
        if (failure instanceof CodecServerAnswer answer) {
            int status = answer.status();
            return status >= 400 && status < 500 && status != 408 && status != 429;
        }
        return false;
    }
}
