package io.runlens.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Replaces the values of sensitive keys, at any depth of a payload (objects inside arrays included).
 *
 * <p>A key matches a pattern when a run of its words spells the pattern: keys and patterns are split
 * into words at {@code _ - . space} and camelCase humps, and compared without case or separators. So
 * {@code token} matches {@code access_token} and {@code refreshToken} but not {@code max_tokens};
 * {@code api_key} matches {@code apiKey}, {@code X-Api-Key} and {@code api_key_id}. Payloads are
 * never changed in place: a redacted copy is made only where something matches. Decisions per key
 * are remembered (up to a bound), since the same keys come back in every answer.
 */
public final class Redactor {

    /** Payload keys repeat across answers; remember this many decisions (then decide afresh). */
    private static final int REMEMBERED_KEYS = 8192;

    private final Set<String> patterns;
    private final String replacement;
    private final Map<String, Boolean> decisions = new ConcurrentHashMap<>();

    public Redactor(List<String> patterns, String replacement) {
        this.patterns = patterns.stream().map(Redactor::squash).filter(p -> !p.isEmpty()).collect(Collectors.toSet());
        this.replacement = replacement;
    }

    public boolean isActive() {
        return !patterns.isEmpty();
    }

    /** {@code node} itself when nothing in it matches, else a copy with every matching key's value replaced. */
    public JsonNode redact(JsonNode node) {
        if (!isActive() || node == null || !needsRedaction(node)) {
            return node;
        }
        return copyRedacted(node);
    }

    /**
     * {@link #redact(JsonNode)} after putting, in a copy, each node found in {@code decoded} (by
     * identity: markers of encoded payloads) in place of the node itself.
     */
    public JsonNode redact(JsonNode node, Map<JsonNode, JsonNode> decoded) {
        if (decoded == null || decoded.isEmpty() || node == null) {
            return redact(node);
        }
        return redact(substitute(node, decoded));
    }

    private static JsonNode substitute(JsonNode node, Map<JsonNode, JsonNode> decoded) {
        JsonNode replacement = decoded.get(node);
        if (replacement != null) {
            return replacement;
        }
        if (node.isObject()) {
            ObjectNode copy = null;
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = substitute(field.getValue(), decoded);
                if (value != field.getValue() && copy == null) {
                    copy = ((ObjectNode) node).deepCopy();
                }
                if (copy != null) {
                    copy.set(field.getKey(), value);
                }
            }
            return copy == null ? node : copy;
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode value = substitute(node.get(i), decoded);
                if (value != node.get(i) && copy == null) {
                    copy = ((ArrayNode) node).deepCopy();
                }
                if (copy != null) {
                    copy.set(i, value);
                }
            }
            return copy == null ? node : copy;
        }
        return node;
    }

    private boolean needsRedaction(JsonNode node) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (isSensitive(field.getKey()) || needsRedaction(field.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (needsRedaction(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    private JsonNode copyRedacted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(),
                    isSensitive(field.getKey()) ? copy.textNode(replacement) : copyRedacted(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode(node.size());
            node.forEach(element -> copy.add(copyRedacted(element)));
            return copy;
        }
        return node;
    }

    boolean isSensitive(String key) {
        Boolean known = decisions.get(key);
        if (known != null) {
            return known;
        }
        boolean sensitive = decide(key);
        if (decisions.size() < REMEMBERED_KEYS) {
            decisions.put(key, sensitive);
        }
        return sensitive;
    }

    private boolean decide(String key) {
        List<String> words = words(key);
        for (int from = 0; from < words.size(); from++) {
            StringBuilder run = new StringBuilder();
            for (int to = from; to < words.size(); to++) {
                run.append(words.get(to));
                if (patterns.contains(run.toString())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> words(String key) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                flush(words, word);
                continue;
            }
            boolean hump = Character.isUpperCase(c) && i > 0 && Character.isLowerCase(key.charAt(i - 1));
            if (hump) {
                flush(words, word);
            }
            word.append(Character.toLowerCase(c));
        }
        flush(words, word);
        return words;
    }

    private static void flush(List<String> words, StringBuilder word) {
        if (!word.isEmpty()) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    private static String squash(String pattern) {
        return String.join("", words(pattern.strip())).toLowerCase(Locale.ROOT);
    }
}
