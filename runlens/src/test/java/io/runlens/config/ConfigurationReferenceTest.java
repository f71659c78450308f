package io.runlens.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runlens.support.ConfigurationReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every key of the service's typed configuration has a row in the configuration reference, with
 * its environment variable and its default.
 */
class ConfigurationReferenceTest {

    /** The operators' reference: the configuration tables of the manual, {@code docs/configuration.md}. */
    static final Path REFERENCE = Path.of(System.getProperty("basedir", "."), "..", "docs", "configuration.md");

    @Test
    void everyRunlensKeyHasARowWithItsEnvironmentVariableAndDefault() throws IOException {
        List<String> problems = ConfigurationReference.problems(REFERENCE, RunlensConfig.class);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
