package io.runlens.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The configuration's bounds, checked by SmallRye Config itself when the mapping is read. */
class RunlensConfigChecksTest {

    private static SmallRyeConfig read(Map<String, String> properties) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withMapping(RunlensConfig.class)
                // Quarkus's own converters, as in the application ("5m", "64M").
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500));
        new RunlensConfigChecks().configBuilder(builder);
        return builder.build();
    }

    @Test
    void theDefaultsPass() {
        RunlensConfig config = read(Map.of()).getConfigMapping(RunlensConfig.class);
        assertEquals(List.of(), RunlensConfigChecks.problems("runlens", config));
    }

    @Test
    void everyValueOutOfBoundsIsNamedWithItsBoundsAndValue() {
        ConfigValidationException failure = assertThrows(
                ConfigValidationException.class,
                () -> read(Map.of(
                        "runlens.db.port", "0",
                        "runlens.api.max-page-size", "5000",
                        "runlens.temporal.target", " ",
                        "runlens.fault-tolerance.temporal.circuit-breaker.failure-ratio", "1.5",
                        "runlens.stream.credential-recheck", "100ms")));
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < failure.getProblemCount(); i++) {
            problems.add(failure.getProblem(i).getMessage());
        }
        assertEquals(
                List.of(
                        "runlens.api.max-page-size must be between 1 and 1000 (was 5000)",
                        "runlens.db.port must be between 1 and 65535 (was 0)",
                        "runlens.fault-tolerance.temporal.circuit-breaker.failure-ratio must be between 0.0 and 1.0 (was 1.5)",
                        "runlens.stream.credential-recheck must be at least PT1S (was PT0.1S)",
                        "runlens.temporal.target must not be blank"),
                problems);
    }

    @Test
    void aTemporalUiBaseIsAnHttpUrlOrUnset() {
        assertEquals(
                Optional.empty(),
                read(Map.of()).getConfigMapping(RunlensConfig.class).temporal().uiUrl());
        for (String good : List.of("https://temporal.example.com", "http://127.0.0.1:8233/", "https://x.test/ui")) {
            RunlensConfig config = read(Map.of("runlens.temporal.ui-url", good)).getConfigMapping(RunlensConfig.class);
            assertEquals(List.of(), RunlensConfigChecks.problems("runlens", config), good);
        }
        for (String bad : List.of("temporal.example.com", "ftp://x.test", "https://x.test/?a=b", "http://", "/ui")) {
            ConfigValidationException failure = assertThrows(
                    ConfigValidationException.class, () -> read(Map.of("runlens.temporal.ui-url", bad)), bad);
            assertEquals(
                    "runlens.temporal.ui-url must be an http or https URL without query or fragment, such as "
                            + "https://temporal.example.com (was " + bad + ")",
                    failure.getProblem(0).getMessage());
        }
    }
}
