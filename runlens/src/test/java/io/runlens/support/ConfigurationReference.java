package io.runlens.support;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The configuration reference is the operators' reference: every key of a typed configuration
 * mapping has a row of its own (a Markdown table row starting with the key in backticks) with its
 * environment variable and its default, so the reference cannot fall behind the code.
 */
public final class ConfigurationReference {

    private ConfigurationReference() {}

    /** The keys of {@code mappings} (and their nested groups) whose row in {@code document} is missing or wrong. */
    public static List<String> problems(Path document, Class<?>... mappings) throws IOException {
        List<String> rows = Files.readAllLines(document).stream()
                .filter(line -> line.startsWith("| `"))
                .toList();
        Map<String, Optional<String>> keys = new TreeMap<>();
        for (Class<?> mapping : mappings) {
            collect(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, keys);
        }
        List<String> problems = new ArrayList<>();
        if (keys.isEmpty()) {
            problems.add("no key found in " + List.of(mappings));
        }
        keys.forEach((key, defaultValue) -> {
            String env = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            Optional<String> row = rows.stream()
                    .filter(line -> line.startsWith("| `" + key + "` |"))
                    .findFirst();
            if (row.isEmpty()) {
                problems.add(key + ": no row");
            } else if (!row.get().contains("`" + env + "`")) {
                problems.add(key + ": its row does not name " + env);
            } else if (defaultValue.isPresent() && !row.get().contains("`" + defaultValue.get() + "`")) {
                problems.add(key + ": its row does not show the default " + defaultValue.get());
            }
        });
        return problems;
    }

    private static void collect(String prefix, Class<?> mapping, Map<String, Optional<String>> keys) {
        for (Method method : mapping.getMethods()) {
            if (method.getParameterCount() != 0 || method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String key = prefix + "." + kebab(method.getName());
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getName().startsWith("io.runlens.")) {
                collect(key, type, keys);
            } else {
                WithDefault withDefault = method.getAnnotation(WithDefault.class);
                keys.put(key, Optional.ofNullable(withDefault).map(WithDefault::value));
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
