package io.runlens.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.MessageOrBuilder;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an object keeps, as text: walks every instance field of Runlens' own objects (and the
 * collections, maps and arrays they hold) and returns the text of everything reachable: strings,
 * JSON trees, protobuf messages and bytes; anything else by its {@code toString()}, so nothing is
 * skipped unseen. For tests that prove what a long-lived object does not retain.
 */
public final class Reachable {

    private Reachable() {}

    /** The text of every object reachable from {@code root}. */
    public static List<String> texts(Object root) {
        List<String> texts = new ArrayList<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Object next = pending.pop();
            if (!seen.add(next)) {
                continue;
            }
            visit(next, texts, pending);
        }
        return texts;
    }

    private static void visit(Object object, List<String> texts, Deque<Object> pending) {
        if (object instanceof CharSequence text) {
            texts.add(text.toString());
        } else if (object instanceof JsonNode json) {
            texts.add(json.toString());
        } else if (object instanceof MessageOrBuilder message) {
            texts.add(message.toString());
        } else if (object instanceof ByteString bytes) {
            texts.add(bytes.toStringUtf8());
        } else if (object instanceof byte[] bytes) {
            texts.add(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        } else if (object instanceof Object[] array) {
            push(pending, java.util.Arrays.asList(array));
        } else if (object instanceof Collection<?> collection) {
            push(pending, collection);
        } else if (object instanceof Map<?, ?> map) {
            push(pending, map.keySet());
            push(pending, map.values());
        } else if (object instanceof Optional<?> optional) {
            optional.ifPresent(pending::push);
        } else if (object.getClass().getName().startsWith("io.runlens.")) {
            for (Class<?> type = object.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers())
                            || field.getType().isPrimitive()) {
                        continue;
                    }
                    field.setAccessible(true);
                    try {
                        Object value = field.get(object);
                        if (value != null) {
                            pending.push(value);
                        }
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        } else {
            texts.add(String.valueOf(object));
        }
    }

    private static void push(Deque<Object> pending, Collection<?> values) {
        for (Object value : values) {
            if (value != null) {
                pending.push(value);
            }
        }
    }
}
