package io.runlens.support;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.runlens.config.RunlensConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/**
 * The service's typed configuration for plain unit tests, without Quarkus: the documented defaults
 * with {@code settings} over them, read with the same converters Quarkus uses for durations and sizes.
 */
public final class UnitConfig {

    private UnitConfig() {}

    public static RunlensConfig runlens(Map<String, String> settings) {
        return new SmallRyeConfigBuilder()
                .withMapping(RunlensConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withDefaultValues(settings)
                .build()
                .getConfigMapping(RunlensConfig.class);
    }

    public static RunlensConfig defaults() {
        return runlens(Map.of());
    }
}
