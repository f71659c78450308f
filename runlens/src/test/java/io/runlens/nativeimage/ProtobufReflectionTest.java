package io.runlens.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The checked-in {@value ProtobufReflection#RESOURCE} is exactly what {@link ProtobufReflection} computes
 * from the Temporal SDK on the class path: an SDK upgrade that adds a message, an enum or a field of a
 * new type fails here instead of failing the first details answer of a native Runlens. Regenerate with
 * {@value #REGENERATE_COMMAND}.
 */
class ProtobufReflectionTest {

    static final String REGENERATE_PROPERTY = "runlens.regenerate-native-config";
    static final String REGENERATE_COMMAND =
            "./mvnw -B -o -pl runlens test -Dtest=ProtobufReflectionTest -Drunlens.regenerate-native-config=true";
    private static final Path SOURCE = Path.of("src", "main", "resources", ProtobufReflection.RESOURCE);

    @Test
    void theRootsAreWhatRunlensReadsFromTemporal() {
        Set<String> roots = new TreeSet<>();
        ProtobufReflection.roots().forEach(root -> roots.add(root.getName()));
        assertTrue(roots.contains(HistoryEvent.class.getName()), roots.toString());
        assertTrue(roots.contains(DescribeWorkflowExecutionResponse.class.getName()), roots.toString());
    }

    @Test
    void theRequiredSetHoldsEveryAttributesMessageItsBuilderAndTheEnums() {
        Set<String> required = ProtobufReflection.requiredClasses();
        // Every attributes message of the HistoryEvent oneof, with its builder.
        HistoryEvent.getDescriptor().getOneofs().get(0).getFields().forEach(field -> {
            String name = ProtobufReflection.javaName(field.getMessageType());
            assertTrue(required.contains(name) && required.contains(name + "$Builder"), name);
        });
        assertTrue(
                required.contains("io.temporal.api.enums.v1.EventType"), "enum classes: valueOf(EnumValueDescriptor)");
        assertTrue(required.contains("com.google.protobuf.Timestamp"), "well-known types: newBuilder()");
        assertTrue(required.contains("io.temporal.api.common.v1.Payload"), "map values (Memo's fields)");
    }

    @Test
    void theCheckedInRegistrationIsTheComputedOne() throws IOException {
        Set<String> required = ProtobufReflection.requiredClasses();
        boolean regenerate = Boolean.getBoolean(REGENERATE_PROPERTY);
        if (regenerate) {
            Files.writeString(SOURCE, ProtobufReflection.render(required));
        }
        Set<String> registered;
        try (InputStream config = Files.newInputStream(SOURCE)) {
            registered = ProtobufReflection.withPublicMethods(config);
        }
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(registered);
        Set<String> unneeded = new TreeSet<>(registered);
        unneeded.removeAll(required);
        if (!missing.isEmpty() || !unneeded.isEmpty()) {
            fail(SOURCE + " is out of date: " + missing.size() + " classes missing " + missing + ", "
                    + unneeded.size() + " not needed " + unneeded + ". Regenerate it with " + REGENERATE_COMMAND
                    + " and commit it.");
        }
        assertEquals(
                ProtobufReflection.render(required),
                Files.readString(SOURCE),
                "not in its generated form: " + REGENERATE_COMMAND);
        if (regenerate) {
            return;
        }
        try (InputStream onClassPath = getClass().getClassLoader().getResourceAsStream(ProtobufReflection.RESOURCE)) {
            assertEquals(
                    registered,
                    ProtobufReflection.withPublicMethods(onClassPath),
                    "the class path copy differs from the source: rebuild (target/classes is stale)");
        }
    }
}
