package io.runlens.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The live-key cache on its own: bounded, expiring at its time to live by Caffeine's clock (driven
 * by hand here), forgetting a revoked key at once, and keeping nothing that a lookup read while a key
 * was being revoked.
 */
class LiveKeysTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private LiveKeys keys(int maximumEntries, Duration timeToLive) {
        return new LiveKeys(maximumEntries, timeToLive, nanos::get);
    }

    private static ApiKeys.LiveKey key() {
        return new ApiKeys.LiveKey(UUID.randomUUID(), "org-" + UUID.randomUUID());
    }

    @Test
    void itKeepsAtMostMaximumEntries() {
        LiveKeys live = keys(3, Duration.ofSeconds(30));
        int served = 0;
        for (int i = 0; i < 40; i++) {
            live.remember("hash-" + i, key(), live.revocationsSoFar());
        }
        live.cache().cleanUp();
        assertTrue(live.cache().estimatedSize() <= 3, "kept " + live.cache().estimatedSize() + " of at most 3");
        for (int i = 0; i < 40; i++) {
            served += live.get("hash-" + i) == null ? 0 : 1;
        }
        assertTrue(served <= 3, served + " keys served from a cache of 3");
    }

    @Test
    void aKeyIsTakenAsLiveForTheTimeToLiveAndNoLonger() {
        LiveKeys live = keys(10, Duration.ofSeconds(30));
        ApiKeys.LiveKey key = key();
        live.remember("h", key, live.revocationsSoFar());
        nanos.addAndGet(Duration.ofSeconds(30).minusNanos(1).toNanos());
        assertEquals(key, live.get("h"));
        nanos.addAndGet(1);
        assertNull(live.get("h"), "taken as live past the time to live");
    }

    @Test
    void aRevokedKeyIsForgottenAtOnce() {
        LiveKeys live = keys(10, Duration.ofSeconds(30));
        ApiKeys.LiveKey revoked = key();
        ApiKeys.LiveKey other = key();
        live.remember("revoked", revoked, live.revocationsSoFar());
        live.remember("other", other, live.revocationsSoFar());
        live.forget(revoked.id());
        assertNull(live.get("revoked"));
        assertEquals(other, live.get("other"));
    }

    /** A lookup that read the row before the revocation committed answers with it, but does not keep it. */
    @Test
    void aLookupUnderWayWhileAKeyIsRevokedKeepsNothing() {
        LiveKeys live = keys(10, Duration.ofSeconds(30));
        ApiKeys.LiveKey key = key();
        long lookupBegan = live.revocationsSoFar();
        live.forget(key.id());
        live.remember("h", key, lookupBegan);
        assertNull(live.get("h"), "a key read before its revocation was kept after it");

        live.remember("h", key, live.revocationsSoFar());
        assertEquals(key, live.get("h"), "a lookup begun after the revocation keeps what it found");
    }

    @Test
    void aTimeToLiveOfZeroKeepsNothing() {
        LiveKeys live = keys(10, Duration.ZERO);
        live.remember("h", key(), live.revocationsSoFar());
        assertNull(live.get("h"));
        assertNull(live.cache());
    }
}
