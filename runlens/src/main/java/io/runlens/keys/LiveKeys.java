package io.runlens.keys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.UUID;

/**
 * API keys PostgreSQL found live, by the key's hash, for a short time to live, so that a client
 * sending its key on every request costs one query per that time. Bounded by count.
 *
 * <p>What a revocation through this instance must guarantee, and how: the key is refused from the
 * next request on. {@link #forget} drops the key's entry and counts a revocation; a lookup notes the
 * count before it reads PostgreSQL ({@link #revocationsSoFar}) and {@link #remember}s the key only if
 * no revocation happened since, since it may have read the row before the revocation committed.
 * Revocations on other instances are not seen here: a key revoked elsewhere is honoured until its
 * entry expires.
 */
final class LiveKeys {

    private final Cache<String, ApiKeys.LiveKey> keys;
    private long revocations;

    /** {@code timeToLive} zero: nothing is ever kept. */
    LiveKeys(int maximumEntries, Duration timeToLive, Ticker ticker) {
        this.keys = timeToLive.isZero()
                ? null
                : Caffeine.newBuilder()
                        .maximumSize(maximumEntries)
                        .expireAfterWrite(timeToLive)
                        .ticker(ticker)
                        .recordStats()
                        .build();
    }

    /** The cache, for its meters; null when nothing is kept. */
    Cache<String, ApiKeys.LiveKey> cache() {
        return keys;
    }

    /** The key with this hash, if PostgreSQL found it live within the time to live; else null. */
    ApiKeys.LiveKey get(String hash) {
        return keys == null ? null : keys.getIfPresent(hash);
    }

    /** To note before a lookup reads PostgreSQL, and to give back to {@link #remember}. */
    synchronized long revocationsSoFar() {
        return revocations;
    }

    /** A lookup that began at {@code revocationsBefore} found {@code key} live: kept, unless a key was revoked meanwhile. */
    synchronized void remember(String hash, ApiKeys.LiveKey key, long revocationsBefore) {
        if (keys != null && revocations == revocationsBefore) {
            keys.put(hash, key);
        }
    }

    /**
     * The key {@code id} is being, or has been, revoked: it is no longer taken from here. By id, since
     * a revocation knows the key's hash only once it has read the row, and may fail before that.
     */
    synchronized void forget(UUID id) {
        revocations++;
        if (keys != null) {
            keys.asMap().values().removeIf(key -> key.id().equals(id));
        }
    }
}
