package io.runlens.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

public interface TemporalConfig {
    /** Temporal frontend gRPC address, {@code host:port}. */
    @WithDefault("127.0.0.1:7233")
    String target();

    /** Namespace of executions whose row names none. */
    @WithDefault("default")
    String namespace();

    /** Deadline of each Temporal call (describe, one history page). */
    @WithDefault("5s")
    Duration rpcTimeout();

    /** Longest a details request waits for Temporal (describe and every history page) before answering without it. */
    @WithDefault("8s")
    Duration fetchDeadline();

    /** Events asked for per history page; larger pages mean fewer round trips, smaller ones less memory. */
    @WithDefault("1000")
    int historyPageSize();

    /** Most runs of one execution's chain (continue-as-new, retries, cron) listed in {@code runs}. */
    @WithDefault("50")
    int maxChainRuns();

    /**
     * Base URL of the Temporal Web UI that {@code temporal_web_url} links into (an http or https URL,
     * such as {@code https://temporal.example.com}); unset, details answer an empty
     * {@code temporal_web_url}.
     */
    Optional<String> uiUrl();

    /** API key sent as a bearer token on every call (Temporal Cloud). */
    Optional<String> apiKey();

    /** TLS to the frontend. */
    Tls tls();

    /**
     * Namespaces served by a frontend of their own ({@code runlens.temporal.namespaces."<namespace>".*}):
     * a row whose namespace is listed here is read through that connection; every other namespace
     * through the default one above ({@code target}, {@code api-key}, {@code tls}).
     */
    Map<String, Connection> namespaces();

    /** A Temporal frontend connection of its own: its address, API key and TLS. */
    interface Connection {
        /** Its frontend's gRPC address, {@code host:port}. */
        String target();

        /** API key sent as a bearer token on every call (Temporal Cloud); implies TLS. */
        Optional<String> apiKey();

        /** TLS to this frontend. */
        Tls tls();
    }

    interface Tls {
        /** Connect with TLS (implied when a client certificate is given). */
        @WithDefault("false")
        boolean enabled();

        /** PEM client certificate chain for mTLS. */
        Optional<String> clientCert();

        /** PEM PKCS#8 private key of the client certificate. */
        Optional<String> clientKey();

        /** PEM CA bundle that signs the server certificate; the JVM's trust store when absent. */
        Optional<String> serverCa();

        /** Server name to verify, when it differs from the target host. */
        Optional<String> serverName();
    }
}
