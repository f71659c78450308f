package io.runlens.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replaces the values of sensitive keys, at any depth of a payload (objects inside arrays included).
 *
 * <p>A key matches a pattern when a run of its words spells the pattern: keys and patterns are split
 * into words at {@code _ - . space} and camelCase humps, and compared without case or separators. So
 * {@code token} matches {@code access_token} and {@code refreshToken} but not {@code max_tokens};
 * {@code api_key} matches {@code apiKey}, {@code X-Api-Key} and {@code api_key_id}. Payloads are
 * never changed in place: a redacted copy is made only where something matches. Deciding is linear in
 * the key's length (keys are attacker-chosen, up to 50,000 characters, and decided on the event loop).
 * Decisions for ordinary keys are remembered, bounded by the bytes they take (not their count), since the
 * same keys come back in every answer.
 */
public final class Redactor {

    /** Payload keys repeat across answers; the memo keeps decisions in about this many bytes (keys and entries). */
    static final long MEMO_BYTES = 2 * 1024 * 1024;

    /** What an entry costs besides its key's characters: the cache node, the String and its array (estimated). */
    private static final int ENTRY_BYTES = 96;

    /** Longer keys are decided afresh each time (cheap, and rare), so one of them never evicts hundreds of ordinary keys. */
    static final int LONGEST_REMEMBERED_KEY = 256;

    private final List<char[]> patterns;
    private final String replacement;
    private final Cache<String, Boolean> decisions;

    public Redactor(List<String> patterns, String replacement) {
        this.patterns = patterns.stream()
                .map(Redactor::squash)
                .filter(p -> !p.isEmpty())
                .distinct()
                .map(String::toCharArray)
                .toList();
        this.replacement = replacement;
        // Evictions run on the caller's thread: a few entries at a time, and no pool the event loop waits on.
        this.decisions = Caffeine.newBuilder()
                .maximumWeight(MEMO_BYTES)
                .weigher((String key, Boolean sensitive) -> ENTRY_BYTES + 2 * key.length())
                .executor(Runnable::run)
                .build();
    }

    /** What a sensitive key's value is replaced by. */
    String replacement() {
        return replacement;
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
            node.fields()
                    .forEachRemaining(field -> copy.set(
                            field.getKey(),
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
        if (key.length() > LONGEST_REMEMBERED_KEY) {
            return decide(key);
        }
        return decisions.get(key, this::decide);
    }

    /** Characters of the keys the memo holds now (after pending evictions): what it costs in memory. */
    long rememberedKeyChars() {
        decisions.cleanUp();
        return decisions.asMap().keySet().stream().mapToLong(String::length).sum();
    }

    // Linear in the key: each word start is compared with each pattern, never with runs longer than it.
    private boolean decide(String key) {
        char[] letters = new char[key.length()];
        boolean[] wordStarts = new boolean[key.length() + 1];
        int length = 0;
        boolean inWord = false;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                inWord = false;
                continue;
            }
            boolean hump = Character.isUpperCase(c) && i > 0 && Character.isLowerCase(key.charAt(i - 1));
            wordStarts[length] = !inWord || hump;
            inWord = true;
            letters[length++] = Character.toLowerCase(c);
        }
        wordStarts[length] = true;
        for (int from = 0; from < length; from++) {
            if (!wordStarts[from]) {
                continue;
            }
            for (char[] pattern : patterns) {
                int to = from + pattern.length;
                if (to <= length && wordStarts[to] && Arrays.equals(letters, from, to, pattern, 0, pattern.length)) {
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
