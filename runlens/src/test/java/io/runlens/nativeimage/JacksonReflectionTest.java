package io.runlens.nativeimage;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.runlens.details.WorkflowDetailsResponse;
import io.runlens.stream.StreamEnd;
import io.runlens.trace.ActivityStatus;
import io.runlens.trace.TimelineEntry;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every class Jackson meets in an answer or a request body ({@link JacksonReflection}) is registered for
 * reflection by {@code @RegisterForReflection} ({@code io.runlens.api.NativeReflection}), and nothing is
 * registered that no answer holds. Quarkus registers some of them on its own (resource return types it
 * can see), but most resources answer a {@code Response} and the stream writes its events itself, so the
 * registration does not rely on that; {@code NativeSourcesIT} checks what the native build really got.
 */
class JacksonReflectionTest {

    @Test
    void theWalkReachesNestedRecordsEnumsAndStreamData() {
        Set<String> required = JacksonReflection.requiredClasses();
        for (Class<?> expected : new Class<?>[] {
            WorkflowDetailsResponse.class, StreamEnd.class, ActivityStatus.class, TimelineEntry.class
        }) {
            assertTrue(required.contains(expected.getName()), expected + " not in " + required);
        }
        assertTrue(
                required.stream().allMatch(name -> name.startsWith("io.runlens.")),
                "only Runlens classes: JDK types and Jackson trees are Jackson's own " + required);
    }

    @Test
    void nativeReflectionRegistersExactlyTheClassesJacksonMeets() {
        Set<String> required = JacksonReflection.requiredClasses();
        Set<String> registered = JacksonReflection.registeredClasses();
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(registered);
        Set<String> unneeded = new TreeSet<>(registered);
        unneeded.removeAll(required);
        if (!missing.isEmpty() || !unneeded.isEmpty()) {
            fail("io.runlens.api.NativeReflection is out of date: missing " + missing + ", not needed " + unneeded
                    + ". Its targets should be:\n" + targets(required));
        }
    }

    private static String targets(Set<String> classes) {
        return classes.stream()
                .map(name -> name.substring(name.lastIndexOf('.') + 1).replace('$', '.') + ".class")
                .collect(Collectors.joining(",\n", "targets = {\n", "\n}"));
    }
}
