package io.runlens.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

public interface AuthConfig {
    /** JWT claim that names the caller's organization; every lookup is scoped to it. */
    @WithDefault("org_id")
    String organizationClaim();

    /** Role (JWT {@code groups} entry) that may create, list and revoke API keys. API keys never have it. */
    @WithDefault("runlens-admin")
    String adminRole();

    /**
     * Bearer JWTs that verified, kept by the SHA-256 of the token so that the next request with the
     * same token skips the signature check and the parse. Only accepted tokens are kept; an entry is
     * never served once the token's {@code exp} (plus the clock skew the verifier allows), its token
     * age or its {@code nbf} would refuse it.
     */
    TokenCache tokenCache();

    interface TokenCache {
        /** Most tokens kept; the least recently and least frequently used go first. */
        @WithDefault("10000")
        int maximumEntries();

        /**
         * Longest a verified token is served from memory, however far its {@code exp}: a new verification
         * key (rotation, a revoked signing key) holds for every token within this long. {@code 0s} turns
         * the cache off.
         */
        @WithDefault("5m")
        Duration timeToLive();
    }

    /**
     * Live API keys, kept by the key's SHA-256 so that the next request with the same key needs no
     * PostgreSQL read. Only keys PostgreSQL found live are kept; revoking a key through this instance
     * forgets it at once.
     */
    ApiKeyCache apiKeyCache();

    interface ApiKeyCache {
        /** Most keys kept. */
        @WithDefault("10000")
        int maximumEntries();

        /**
         * Longest a key PostgreSQL found live is taken as live without asking again: another instance
         * (replica) honours a key revoked elsewhere for up to this long. {@code 0s} turns the cache off.
         */
        @WithDefault("30s")
        Duration timeToLive();
    }
}
