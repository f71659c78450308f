package io.runlens.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Protobuf's JsonFormat, which renders event attributes for {@code recent_events}, finds each
 * field's accessors by reflection; a native image only allows reflection on registered classes.
 * Temporal's own native-image configuration does not cover the API messages, so Runlens registers
 * every message reachable from {@link HistoryEvent} (and the pending activity state) and its builder
 * in {@code META-INF/native-image/io.runlens/runlens/reflect-config.json}. This test recomputes that
 * set from the SDK on the classpath, so an SDK upgrade that adds messages fails here, not in production.
 */
class NativeReflectionConfigTest {

    private static final String CONFIG = "META-INF/native-image/io.runlens/runlens/reflect-config.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyMessageJsonFormatMayRenderIsRegisteredWithItsBuilder() throws IOException {
        Set<String> expected = new TreeSet<>();
        for (String message : reachableMessages(HistoryEvent.class, PendingActivityInfo.class)) {
            expected.add(message);
            expected.add(message + "$Builder");
        }
        Set<String> registered = new TreeSet<>();
        try (InputStream config = getClass().getClassLoader().getResourceAsStream(CONFIG)) {
            for (JsonNode entry : JSON.readTree(config)) {
                if (entry.path("allPublicMethods").asBoolean()) {
                    registered.add(entry.get("name").asText());
                }
            }
        }
        if (!expected.equals(registered)) {
            ArrayNode rendered = JsonNodeFactory.instance.arrayNode();
            for (String name : expected) {
                ObjectNode entry = rendered.addObject();
                entry.put("name", name);
                entry.put("allPublicMethods", true);
            }
            Path written = Path.of("target", "reflect-config.json");
            Files.writeString(written, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rendered) + "\n");
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(registered);
            Set<String> extra = new TreeSet<>(registered);
            extra.removeAll(expected);
            throw new AssertionError("src/main/resources/" + CONFIG + " is out of date (missing " + missing
                    + ", not needed " + extra + "); the right content is in " + written.toAbsolutePath());
        }
    }

    /** Message classes reachable through getters (plain, repeated and map values) from the roots. */
    private static Set<String> reachableMessages(Class<?>... roots) {
        Set<String> seen = new TreeSet<>();
        Deque<Class<?>> pending = new ArrayDeque<>(java.util.List.of(roots));
        while (!pending.isEmpty()) {
            Class<?> type = pending.pop();
            if (!seen.add(type.getName())) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                Class<?> returned = method.getReturnType();
                if (Modifier.isPublic(method.getModifiers())
                        && !Modifier.isStatic(method.getModifiers())
                        && method.getName().startsWith("get")
                        && Message.class.isAssignableFrom(returned)
                        && returned != Message.class
                        && !Modifier.isAbstract(returned.getModifiers())
                        && !method.getName().equals("getDefaultInstanceForType")) {
                    pending.push(returned);
                }
            }
        }
        return seen;
    }
}
