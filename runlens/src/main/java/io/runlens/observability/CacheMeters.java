package io.runlens.observability;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * A Caffeine cache's meters ({@code cache_gets_total{cache="..."}} and the rest), bound when the
 * cache is made and removed with the bean that owns it, so that a new instance (a restart in tests)
 * reports its own numbers.
 */
public final class CacheMeters {

    private CacheMeters() {}

    public static void bind(MeterRegistry metrics, Cache<?, ?> cache, String name) {
        CaffeineCacheMetrics.monitor(metrics, cache, name);
    }

    public static void unbind(MeterRegistry metrics, String name) {
        metrics.getMeters().stream()
                .filter(meter -> name.equals(meter.getId().getTag("cache")))
                .forEach(metrics::remove);
    }
}
