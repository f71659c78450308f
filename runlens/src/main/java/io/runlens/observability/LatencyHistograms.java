package io.runlens.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Request and backend latencies as Prometheus histograms ({@code _bucket} series), so that
 * dashboards can aggregate percentiles across replicas; a summary's quantiles cannot be summed.
 */
public class LatencyHistograms {

    @Produces
    @Singleton
    public MeterFilter latencyBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                String name = id.getName();
                if (name.equals("http.server.requests") || name.equals("runlens.backend.latency")) {
                    // 1 ms to 30 s covers a cached answer up to the longest deadline.
                    return DistributionStatisticConfig.builder()
                            .percentilesHistogram(true)
                            .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                            .maximumExpectedValue(
                                    (double) Duration.ofSeconds(30).toNanos())
                            .build()
                            .merge(config);
                }
                return config;
            }
        };
    }
}
