package io.runlens.stream;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.runlens.config.RunlensConfig;
import io.runlens.faults.BackendGuards;
import io.runlens.keys.ApiKeyIdentityProvider;
import io.runlens.keys.ApiKeys;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Tells how long the credential of a stream's caller stays good ({@link CredentialWatch}): a JWT
 * until its {@code exp} plus the clock skew the verifier allows (when a new request with it would be
 * refused), an API key while re-checks find it live in PostgreSQL (under the database deadline and
 * breaker).
 */
@ApplicationScoped
public class StreamCredentials {

    private final ApiKeys keys;
    private final BackendGuards guards;
    private final Vertx vertx;
    private final Duration recheck;
    private final Duration clockSkew;

    public StreamCredentials(
            ApiKeys keys,
            BackendGuards guards,
            Vertx vertx,
            RunlensConfig config,
            @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60") long clockSkewSeconds) {
        this.keys = keys;
        this.guards = guards;
        this.vertx = vertx;
        this.recheck = config.stream().credentialRecheck();
        this.clockSkew = Duration.ofSeconds(clockSkewSeconds);
    }

    /** The watch over {@code identity}'s credential, for one stream. */
    public CredentialWatch watch(SecurityIdentity identity) {
        if (identity.getAttribute(ApiKeyIdentityProvider.KEY_ID) instanceof UUID keyId) {
            return CredentialWatch.recheckedEvery(recheck, () -> isLive(keyId), vertx);
        }
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getExpirationTime() > 0) {
            return CredentialWatch.expiringAt(
                    Instant.ofEpochSecond(token.getExpirationTime()).plus(clockSkew));
        }
        return CredentialWatch.none();
    }

    // The key's row by id, as authentication reads it: live unless revoked (or gone).
    private Uni<Boolean> isLive(UUID keyId) {
        return guards.database(() -> Panache.withSession(() -> keys.findById(keyId)))
                .map(key -> key != null && key.revokedAt == null);
    }
}
