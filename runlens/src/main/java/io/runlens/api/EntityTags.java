package io.runlens.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** Strong entity tags of answers (RFC 9110 §8.8.3) and {@code If-None-Match} against them (§13.1.2). */
public final class EntityTags {

    /** A dashboard's browser may keep an answer but revalidates it on every poll; no shared cache keeps one organization's data. */
    static final String CACHE_CONTROL = "private, no-cache";

    static final String VARY = "Authorization, Cookie";
    static final String NO_STORE = "no-store";

    private EntityTags() {}

    /** A strong entity tag: a digest of the exact bytes, so it changes with anything they show. */
    public static String strongTag(byte[] body) {
        return tagOf(newDigest().digest(body));
    }

    /** The digest {@link #strongTag} takes of a body, for a writer to feed as it writes. */
    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The tag of a body whose SHA-256 is {@code digest}. */
    static String tagOf(byte[] digest) {
        return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18)) + '"';
    }

    /**
     * Whether {@code ifNoneMatch} (a list of entity tags, or {@code *}) names {@code tag}, compared weakly
     * (a {@code W/} prefix is ignored). Anything unparseable matches nothing, so the full answer is sent.
     */
    static boolean matches(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank() || ifNoneMatch.length() > 8192) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String value = candidate.strip();
            if (value.equals("*")) {
                return true;
            }
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            if (value.equals(tag)) {
                return true;
            }
        }
        return false;
    }
}
