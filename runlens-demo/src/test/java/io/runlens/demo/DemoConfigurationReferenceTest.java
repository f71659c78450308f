package io.runlens.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runlens.support.ConfigurationReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every key of the demo's configuration has its row in the configuration reference too
 * ({@code docs/configuration.md}).
 */
class DemoConfigurationReferenceTest {

    @Test
    void everyDemoKeyHasARowWithItsEnvironmentVariableAndDefault() throws IOException {
        List<String> problems = ConfigurationReference.problems(
                Path.of(System.getProperty("basedir", "."), "..", "docs", "configuration.md"), DemoConfig.class);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
