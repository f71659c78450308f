package io.runlens.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

public interface StreamConfig {
    /**
     * Most streams open at once on this instance; past it a new stream is refused with a 503 and
     * Retry-After. Each open stream holds one connection and the fold of its run's open groups
     * (about 30 KB), and one history page while it catches up.
     */
    @WithDefault("256")
    int maxConcurrent();

    /**
     * Most streams one organization may have open at once on this instance (at most
     * {@code max-concurrent}); past it its new stream is refused with a 503 and Retry-After while
     * other organizations still get theirs. A quarter of the default instance cap: no tenant can
     * take the whole instance, and a busy one still has room for many open dashboards.
     */
    @WithDefault("64")
    int maxConcurrentPerOrganization();

    /**
     * Longest one stream stays open; then the server ends it with a {@code reconnect} event and the
     * client resumes with Last-Event-ID, so no connection lives forever (its credential ends it
     * sooner: see {@code credential-recheck}).
     */
    @WithDefault("15m")
    Duration maxDuration();

    /**
     * Deadline of one Temporal long poll ({@code waitNewEvent}). Temporal frontends hold a long poll up
     * to about 20 s and then answer with no events; a stream sends a keep-alive comment after every
     * poll that brought nothing, so this bounds the silence on the connection too.
     */
    @WithDefault("30s")
    Duration longPollTimeout();

    /**
     * Pause before reading the history again after a long poll failed and the previous such read found
     * nothing new: keeps a frontend whose long polls fail at once from being asked in a tight loop.
     */
    @WithDefault("1s")
    Duration failurePause();

    /**
     * How often an open stream opened with an API key checks that the key is still live; a revoked
     * key's stream ends within this long with a {@code reconnect} event (reason
     * {@code credential_revoked}). A check PostgreSQL cannot answer is forgiven once; after two in a
     * row the stream ends (reason {@code credential_unverified}) and the reconnect authenticates
     * afresh. A JWT's stream ends when the token expires (its {@code exp} plus
     * {@code mp.jwt.verify.clock.skew}), with reason {@code credential_expired}.
     */
    @WithDefault("60s")
    Duration credentialRecheck();
}
