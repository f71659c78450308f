package io.runlens.config;

import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.ConfigValidator;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounds of Runlens's numeric and text settings, checked when the configuration is read: a start
 * with a value out of bounds fails at once with one line per problem, naming the key, its bounds and
 * the value given. Checked here, not with Bean Validation annotations: booting Hibernate Validator to
 * check thirty numbers took about a quarter of the start-up's main thread (docs/benchmarks/STARTUP.md).
 * Registered with SmallRye Config as a builder customizer (META-INF/services).
 */
public final class RunlensConfigChecks implements ConfigValidator, SmallRyeConfigBuilderCustomizer {

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        builder.withValidator(this);
    }

    @Override
    public void validateMapping(Class<?> mappingClass, String prefix, Object mappingObject) {
        if (mappingObject instanceof RunlensConfig config) {
            List<String> problems = problems(prefix, config);
            if (!problems.isEmpty()) {
                throw new ConfigValidationException(problems.stream()
                        .map(ConfigValidationException.Problem::new)
                        .toArray(ConfigValidationException.Problem[]::new));
            }
        }
    }

    /** Every bound {@code config} breaks, one message each ({@code prefix} is {@code runlens}). */
    static List<String> problems(String prefix, RunlensConfig config) {
        Checks checks = new Checks(prefix);
        ApiConfig api = config.api();
        checks.range("api.default-page-size", api.defaultPageSize(), 1, 200);
        checks.range("api.max-page-size", api.maxPageSize(), 1, 1000);
        checks.atLeast("api.default-recent-events", api.defaultRecentEvents(), 0);
        checks.range("api.max-recent-events", api.maxRecentEvents(), 0, 10_000);
        AuthConfig auth = config.auth();
        checks.notBlank("auth.organization-claim", auth.organizationClaim());
        checks.notBlank("auth.admin-role", auth.adminRole());
        checks.atLeast("auth.token-cache.maximum-entries", auth.tokenCache().maximumEntries(), 1);
        checks.atLeast("auth.api-key-cache.maximum-entries", auth.apiKeyCache().maximumEntries(), 1);
        checks.atLeast("auth.token-cache.time-to-live", auth.tokenCache().timeToLive(), Duration.ZERO);
        checks.atLeast("auth.api-key-cache.time-to-live", auth.apiKeyCache().timeToLive(), Duration.ZERO);
        checks.atLeast("cache.maximum-entries", config.cache().maximumEntries(), 1);
        DbConfig db = config.db();
        checks.notBlank("db.host", db.host());
        checks.range("db.port", db.port(), 1, 65_535);
        checks.notBlank("db.name", db.name());
        checks.notBlank("db.schema", db.schema());
        FaultToleranceConfig faults = config.faultTolerance();
        checks.range("fault-tolerance.database.retries", faults.database().retries(), 0, 3);
        checks.breaker(
                "fault-tolerance.database.circuit-breaker", faults.database().circuitBreaker());
        FaultToleranceConfig.Temporal temporalFaults = faults.temporal();
        checks.range("fault-tolerance.temporal.retries", temporalFaults.retries(), 0, 3);
        checks.breaker("fault-tolerance.temporal.circuit-breaker", temporalFaults.circuitBreaker());
        checks.atLeast("fault-tolerance.temporal.concurrent-history-reads", temporalFaults.concurrentHistoryReads(), 1);
        checks.atLeast("fault-tolerance.temporal.queued-history-reads", temporalFaults.queuedHistoryReads(), 1);
        FaultToleranceConfig.CodecCircuitBreaker codec = faults.codec().circuitBreaker();
        checks.atLeast("fault-tolerance.codec.circuit-breaker.request-volume", codec.requestVolume(), 1);
        checks.ratio("fault-tolerance.codec.circuit-breaker.failure-ratio", codec.failureRatio());
        checks.atLeast("fault-tolerance.codec.circuit-breaker.delay", codec.delay(), Duration.ofMillis(1));
        checks.atLeast("fault-tolerance.codec.circuit-breaker.success-threshold", codec.successThreshold(), 1);
        PollConfig poll = config.poll();
        checks.atLeast("poll.max-wait", poll.maxWait(), Duration.ofSeconds(1));
        checks.atLeast("poll.max-concurrent", poll.maxConcurrent(), 1);
        checks.atLeast("poll.max-concurrent-per-organization", poll.maxConcurrentPerOrganization(), 1);
        checks.atLeast("poll.reread-interval", poll.rereadInterval(), Duration.ofMillis(100));
        checks.atLeast("poll.watch-linger", poll.watchLinger(), Duration.ZERO);
        StreamConfig stream = config.stream();
        checks.atLeast("stream.max-concurrent", stream.maxConcurrent(), 1);
        checks.atLeast("stream.max-concurrent-per-organization", stream.maxConcurrentPerOrganization(), 1);
        checks.atLeast("stream.credential-recheck", stream.credentialRecheck(), Duration.ofSeconds(1));
        TemporalConfig temporal = config.temporal();
        checks.notBlank("temporal.target", temporal.target());
        checks.notBlank("temporal.namespace", temporal.namespace());
        checks.range("temporal.history-page-size", temporal.historyPageSize(), 1, 10_000);
        checks.range("temporal.max-chain-runs", temporal.maxChainRuns(), 1, 1000);
        temporal.uiUrl().ifPresent(url -> checks.webAddress("temporal.ui-url", url));
        PemFiles.check(prefix + ".temporal", temporal.tls(), checks.problems);
        temporal.namespaces().forEach((namespace, connection) -> {
            String key = "temporal.namespaces.\"" + namespace + "\"";
            checks.notBlank(key + ".target", connection.target());
            PemFiles.check(prefix + "." + key, connection.tls(), checks.problems);
        });
        return checks.problems;
    }

    private static final class Checks {

        private final String prefix;
        private final List<String> problems = new ArrayList<>();

        Checks(String prefix) {
            this.prefix = prefix;
        }

        void range(String key, long value, long min, long max) {
            if (value < min || value > max) {
                problems.add(prefix + "." + key + " must be between " + min + " and " + max + " (was " + value + ")");
            }
        }

        void atLeast(String key, long value, long min) {
            if (value < min) {
                problems.add(prefix + "." + key + " must be at least " + min + " (was " + value + ")");
            }
        }

        void atLeast(String key, Duration value, Duration min) {
            if (value.compareTo(min) < 0) {
                problems.add(prefix + "." + key + " must be at least " + min + " (was " + value + ")");
            }
        }

        void ratio(String key, double value) {
            if (!(value >= 0 && value <= 1)) {
                problems.add(prefix + "." + key + " must be between 0.0 and 1.0 (was " + value + ")");
            }
        }

        void notBlank(String key, String value) {
            if (value == null || value.isBlank()) {
                problems.add(prefix + "." + key + " must not be blank");
            }
        }

        // What a browser opens from temporal_web_url: a relative or scheme-less base would link nowhere.
        void webAddress(String key, String value) {
            try {
                URI uri = new URI(value);
                if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                        && uri.getHost() != null
                        && uri.getQuery() == null
                        && uri.getFragment() == null) {
                    return;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            problems.add(prefix + "." + key + " must be an http or https URL without query or fragment, such as "
                    + "https://temporal.example.com (was " + value + ")");
        }

        void breaker(String key, FaultToleranceConfig.CircuitBreaker breaker) {
            atLeast(key + ".request-volume", breaker.requestVolume(), 1);
            ratio(key + ".failure-ratio", breaker.failureRatio());
            atLeast(key + ".success-threshold", breaker.successThreshold(), 1);
        }
    }
}
