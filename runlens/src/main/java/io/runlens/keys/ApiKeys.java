package io.runlens.keys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.runlens.config.AuthConfig;
import io.runlens.config.RunlensConfig;
import io.runlens.faults.BackendGuards;
import io.runlens.observability.CacheMeters;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates, lists, revokes and checks API keys. A key is {@code rlk_} and 256 random bits; only its
 * SHA-256 is stored. Every database call runs under the database deadline and breaker
 * ({@link BackendGuards}): while PostgreSQL is slow or gone, key checks and key management fail with a
 * 503 in time, never a 401 and never a hang. Each method runs its database work on one session, one
 * operation after another.
 *
 * <p>Keys PostgreSQL says it does not know (unknown or revoked) are remembered for a while by their
 * hash, so that repeating one (a client retrying a revoked key, or anyone sending a made-up
 * {@code rlk_} value) costs no query.
 *
 * <p>Keys it found live are remembered too ({@link LiveKeys}), by their hash, for
 * {@code runlens.auth.api-key-cache.time-to-live} (30 s; 0 turns this off), so that a client sending
 * the same key on every request costs one query per that long. Revoking a key through this instance
 * forgets it at once, and a lookup that was under way while a key was revoked does not remember what
 * it read; another instance (replica) goes on honouring a key revoked elsewhere until its own entry
 * expires, at most that long. A failed lookup is never remembered, as anything; nor is a key's last
 * use recorded while it is taken from memory, so {@code last_used_at} may lag by up to that long more.
 */
@ApplicationScoped
public class ApiKeys implements PanacheRepositoryBase<ApiKeyRecord, UUID> {

    /** Every key starts with this, so the authentication mechanism knows a key from a JWT. */
    public static final String PREFIX = "rlk_";

    private static final int SHOWN_PREFIX_LENGTH = PREFIX.length() + 6;
    // Reads should not turn into writes on every request: last use is recorded at most this often.
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    // About 200 bytes each (a 64-character hex hash and the entry): at most 2 MB, whatever callers send.
    static final int REMEMBERED_MISSES = 10_000;
    // Short, so that memory is no second source of truth: a key cannot become known except by its
    // creation, which forgets it here (on other instances nobody can have sent a key before it existed).
    static final Duration MISS_MEMORY = Duration.ofMinutes(1);
    static final String METRIC_NAME = "runlens.api-key-misses";
    static final String LIVE_METRIC_NAME = "runlens.verified-api-keys";

    private final SecureRandom random = new SecureRandom();
    private final BackendGuards guards;
    private final MeterRegistry metrics;
    private final Cache<String, Boolean> misses;
    // Creations so far; a lookup that missed remembers its miss only if no key was created meanwhile.
    private long creations;
    private final LiveKeys live;

    public ApiKeys(BackendGuards guards, MeterRegistry metrics, RunlensConfig config) {
        this.guards = guards;
        this.metrics = metrics;
        this.misses = Caffeine.newBuilder()
                .maximumSize(REMEMBERED_MISSES)
                .expireAfterWrite(MISS_MEMORY)
                .recordStats()
                .build();
        CacheMeters.bind(metrics, misses, METRIC_NAME);
        AuthConfig.ApiKeyCache settings = config.auth().apiKeyCache();
        this.live = new LiveKeys(settings.maximumEntries(), settings.timeToLive(), Ticker.systemTicker());
        if (live.cache() != null) {
            CacheMeters.bind(metrics, live.cache(), LIVE_METRIC_NAME);
        }
    }

    @PreDestroy
    void unregister() {
        CacheMeters.unbind(metrics, METRIC_NAME);
        CacheMeters.unbind(metrics, LIVE_METRIC_NAME);
    }

    /** A key found live: what an identity needs of it, nothing PostgreSQL could change but its revocation. */
    public record LiveKey(UUID id, String organizationId) {}

    /** A key as created: the only time the plain key exists outside the caller. */
    public record CreatedKey(ApiKeyRecord record, String key) {}

    public Uni<CreatedKey> create(String organizationId, String name, String createdBy) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return create(
                organizationId,
                name,
                createdBy,
                PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** Creates the key {@code key}; the public method draws it at random (tests choose it). */
    Uni<CreatedKey> create(String organizationId, String name, String createdBy, String key) {
        ApiKeyRecord record = new ApiKeyRecord();
        record.id = UUID.randomUUID();
        record.organizationId = organizationId;
        record.name = name;
        record.keyPrefix = key.substring(0, SHOWN_PREFIX_LENGTH);
        record.keyHash = hash(key);
        record.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        record.createdBy = createdBy;
        return guards.databaseWrite(() -> Panache.withTransaction(() -> persist(record)))
                .invoke(() -> forgetMiss(record.keyHash))
                .map(saved -> new CreatedKey(saved, key));
    }

    public Uni<List<ApiKeyRecord>> listFor(String organizationId) {
        return guards.database(() -> Panache.withSession(
                () -> list("organizationId = :org order by createdAt desc", Parameters.with("org", organizationId))));
    }

    /**
     * Revokes the organization's key {@code id}; false when it has no such key. Revoking twice is fine.
     * This instance stops honouring the key as soon as the revocation is committed.
     */
    public Uni<Boolean> revoke(String organizationId, UUID id) {
        return guards.databaseWrite(() -> Panache.withTransaction(() -> find(
                                "id = :id and organizationId = :org",
                                Parameters.with("id", id).and("org", organizationId))
                        .firstResult()
                        .map(found -> {
                            if (found == null) {
                                return Optional.<String>empty();
                            }
                            if (found.revokedAt == null) {
                                found.revokedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                            }
                            return Optional.of(found.keyHash);
                        })))
                // Committed: this instance may answer the dead key's next uses from memory.
                .invoke(revoked -> revoked.ifPresent(hash -> misses.put(hash, Boolean.TRUE)))
                // Committed, failed or timed out (perhaps committed all the same): forget the key as live.
                .onTermination()
                .invoke(() -> live.forget(id))
                .map(Optional::isPresent);
    }

    /**
     * The live (not revoked) key {@code key}, empty for an unknown or revoked key: from memory when
     * PostgreSQL found it live within the time to live, else from PostgreSQL. Records its last use with
     * a second statement, after the read and only when the recorded one is over a minute old.
     */
    public Uni<Optional<LiveKey>> use(String key) {
        String hash = hash(key);
        LiveKey known = live.get(hash);
        if (known != null) {
            return Uni.createFrom().item(Optional.of(known));
        }
        if (misses.getIfPresent(hash) != null) {
            return Uni.createFrom().item(Optional.empty());
        }
        long creationsBefore = creationsSoFar();
        long revocationsBefore = live.revocationsSoFar();
        return guards.database(() -> Panache.withSession(
                        () -> find("keyHash = :hash and revokedAt is null", Parameters.with("hash", hash))
                                .firstResult()))
                .flatMap(found -> {
                    if (found == null) {
                        rememberMiss(hash, creationsBefore);
                        return Uni.createFrom().item(Optional.<LiveKey>empty());
                    }
                    Optional<LiveKey> liveKey = Optional.of(new LiveKey(found.id, found.organizationId));
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    if (found.lastUsedAt != null && found.lastUsedAt.isAfter(now.minus(LAST_USED_RESOLUTION))) {
                        return Uni.createFrom().item(liveKey);
                    }
                    return guards.databaseWrite(() -> Panache.withTransaction(() -> update(
                                    "lastUsedAt = :now where id = :id",
                                    Parameters.with("now", now).and("id", found.id))))
                            .replaceWith(liveKey);
                })
                // Only a whole lookup that found the key live is remembered: never a failure, never a miss.
                .invoke(found -> found.ifPresent(liveKey -> live.remember(hash, liveKey, revocationsBefore)));
    }

    private synchronized long creationsSoFar() {
        return creations;
    }

    // A key created while its lookup was under way may have been missed by that lookup: not remembered then.
    private synchronized void rememberMiss(String hash, long creationsBefore) {
        if (creations == creationsBefore) {
            misses.put(hash, Boolean.TRUE);
        }
    }

    private synchronized void forgetMiss(String hash) {
        creations++;
        misses.invalidate(hash);
    }

    /** Hex SHA-256 of a key: what is stored and looked up. */
    public static String hash(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
