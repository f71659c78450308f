package io.runlens.support;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link DelayedBackends} with short deadlines and quick breakers, so that a fault test sees every
 * timeout, an open breaker and its recovery within seconds.
 */
public class FaultyBackends extends DelayedBackends {

    public static final long REQUEST_DEADLINE_MS = 4000;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("runlens.fault-tolerance.request-deadline", REQUEST_DEADLINE_MS + "ms");
        config.put("runlens.fault-tolerance.database.timeout", "2s");
        config.put("runlens.fault-tolerance.database.circuit-breaker.request-volume", "4");
        config.put("runlens.fault-tolerance.database.circuit-breaker.delay", "1s");
        config.put("runlens.fault-tolerance.database.circuit-breaker.success-threshold", "1");
        config.put("runlens.fault-tolerance.temporal.circuit-breaker.request-volume", "4");
        config.put("runlens.fault-tolerance.temporal.circuit-breaker.delay", "1s");
        config.put("runlens.fault-tolerance.temporal.circuit-breaker.success-threshold", "1");
        config.put("runlens.temporal.rpc-timeout", "1s");
        config.put("runlens.temporal.fetch-deadline", "2s");
        config.put("runlens.cache.enabled", "false");
        return config;
    }
}
