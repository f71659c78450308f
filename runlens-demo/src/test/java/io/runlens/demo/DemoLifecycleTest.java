package io.runlens.demo;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoLifecycleTest {

    @Test
    void theDemoRefusesToRunInTheProdProfile() {
        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> DemoLifecycle.refuseInProduction(List.of("prod")));
        assertTrue(refused.getMessage().contains("-Dquarkus.profile=demo"), refused.getMessage());
    }

    @Test
    void theDemoRunsInItsOwnProfiles() {
        assertDoesNotThrow(() -> DemoLifecycle.refuseInProduction(List.of("demo")));
        assertDoesNotThrow(() -> DemoLifecycle.refuseInProduction(List.of("dev")));
        assertDoesNotThrow(() -> DemoLifecycle.refuseInProduction(List.of("test")));
    }

    @Test
    void aPortOutsideTcpsRangeIsRefusedWithItsSettingNamed() {
        IllegalStateException refused = assertThrows(
                IllegalStateException.class, () -> DemoLifecycle.checkPort("runlens.demo.codec-port", 70_000));
        assertTrue(
                refused.getMessage().startsWith("runlens.demo.codec-port must be between 0 and 65535"),
                refused.getMessage());
        assertThrows(IllegalStateException.class, () -> DemoLifecycle.checkPort("runlens.demo.temporal-port", -1));
        assertDoesNotThrow(() -> DemoLifecycle.checkPort("runlens.demo.temporal-port", 0));
        assertDoesNotThrow(() -> DemoLifecycle.checkPort("runlens.demo.temporal-port", 65_535));
    }
}
