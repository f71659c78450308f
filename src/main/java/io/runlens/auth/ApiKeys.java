package io.runlens.auth;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
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
 * SHA-256 is stored. Each method runs its database work on one session, one operation after another.
 */
@ApplicationScoped
public class ApiKeys implements PanacheRepositoryBase<ApiKeyRecord, UUID> {

    /** Every key starts with this, so the authentication mechanism knows a key from a JWT. */
    public static final String PREFIX = "rlk_";
    private static final int SHOWN_PREFIX_LENGTH = PREFIX.length() + 6;
    // Reads should not turn into writes on every request: last use is recorded at most this often.
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final SecureRandom random = new SecureRandom();

    /** A key as created: the only time the plain key exists outside the caller. */
    public record CreatedKey(ApiKeyRecord record, String key) {
    }

    public Uni<CreatedKey> create(String organizationId, String name, String createdBy) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiKeyRecord record = new ApiKeyRecord();
        record.id = UUID.randomUUID();
        record.organizationId = organizationId;
        record.name = name;
        record.keyPrefix = key.substring(0, SHOWN_PREFIX_LENGTH);
        record.keyHash = hash(key);
        record.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        record.createdBy = createdBy;
        return Panache.withTransaction(() -> persist(record)).map(saved -> new CreatedKey(saved, key));
    }

    @WithSession
    public Uni<List<ApiKeyRecord>> listFor(String organizationId) {
        return list("organizationId = :org order by createdAt desc", Parameters.with("org", organizationId));
    }

    /** Revokes the organization's key {@code id}; false when it has no such key. Revoking twice is fine. */
    public Uni<Boolean> revoke(String organizationId, UUID id) {
        return Panache.withTransaction(() -> find("id = :id and organizationId = :org",
                Parameters.with("id", id).and("org", organizationId)).firstResult().map(found -> {
                    if (found == null) {
                        return false;
                    }
                    if (found.revokedAt == null) {
                        found.revokedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    }
                    return true;
                }));
    }

    /**
     * The live (not revoked) key {@code key}, empty for an unknown or revoked key. Records its last use
     * with a second statement, after the read and only when the recorded one is over a minute old.
     */
    public Uni<Optional<ApiKeyRecord>> use(String key) {
        String hash = hash(key);
        return Panache.withSession(() -> find("keyHash = :hash and revokedAt is null", Parameters.with("hash", hash))
                .firstResult()).flatMap(found -> {
                    if (found == null) {
                        return Uni.createFrom().item(Optional.<ApiKeyRecord> empty());
                    }
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    if (found.lastUsedAt != null && found.lastUsedAt.isAfter(now.minus(LAST_USED_RESOLUTION))) {
                        return Uni.createFrom().item(Optional.of(found));
                    }
                    found.lastUsedAt = now;
                    return Panache.withTransaction(() -> update("lastUsedAt = :now where id = :id",
                            Parameters.with("now", now).and("id", found.id))).replaceWith(Optional.of(found));
                });
    }

    /** Hex SHA-256 of a key: what is stored and looked up. */
    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
