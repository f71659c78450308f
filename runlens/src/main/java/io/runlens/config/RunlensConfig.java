package io.runlens.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every Runlens setting, under the {@code runlens.} prefix. Each key can be given as an environment
 * variable too ({@code runlens.auth.organization-claim} is {@code RUNLENS_AUTH_ORGANIZATION_CLAIM}).
 */
@ConfigMapping(prefix = "runlens")
public interface RunlensConfig {

    /** Who the caller is. */
    AuthConfig auth();

    /** How the REST API answers. */
    ApiConfig api();

    /** What the readiness probe checks. */
    HealthConfig health();

    /**
     * Deadlines, circuit breakers and retries (SmallRye Fault Tolerance), per backend and per request.
     * No request waits longer than {@code request-deadline}, whatever the backends do.
     */
    FaultToleranceConfig faultTolerance();

    /** Live updates: {@code GET /api/v1/executions/{id}/stream} (Server-Sent Events). */
    StreamConfig stream();

    /** Blocking conditional GETs ({@code Prefer: wait=N}) and row changes pushed by PostgreSQL. */
    PollConfig poll();

    /** What callers see of payloads (workflow and activity inputs, results, details). */
    PayloadsConfig payloads();

    /** A Temporal codec server, for payloads in encodings Runlens does not decode itself (e.g. encrypted). */
    CodecConfig codec();

    /** The cache of closed runs' Temporal data (a closed run's history never changes). */
    CacheConfig cache();

    /** Where PostgreSQL is; the datasource URLs in application.properties are built from these. */
    DbConfig db();

    /** Where Temporal is. */
    TemporalConfig temporal();

    /**
     * Start, then exit at once (status 0): the training run that writes the JVM's AOT cache when the image is
     * built ({@code -XX:AOTCacheOutput}, see the Dockerfile), where no database or Temporal is reachable.
     */
    @WithDefault("false")
    boolean exitAfterStart();
}
