package io.runlens.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Every Runlens setting, under the {@code runlens.} prefix. Each key can be given as an environment
 * variable too ({@code runlens.auth.organization-claim} is {@code RUNLENS_AUTH_ORGANIZATION_CLAIM}).
 */
@ConfigMapping(prefix = "runlens")
public interface RunlensConfig {

    /** Who the caller is. */
    Auth auth();

    /** How the REST API answers. */
    Api api();

    /** What the readiness probe checks. */
    Health health();

    interface Health {
        /**
         * Whether an unreachable Temporal makes the service not ready. {@code false} keeps it ready:
         * rows and partial details still answer while Temporal is down.
         */
        @WithDefault("true")
        boolean temporalAffectsReadiness();

        /** How long the readiness probe waits for Temporal. */
        @WithDefault("2s")
        Duration temporalTimeout();
    }

    /**
     * Deadlines, circuit breakers and retries (SmallRye Fault Tolerance), per backend and per request.
     * No request waits longer than {@code request-deadline}, whatever the backends do.
     */
    FaultTolerance faultTolerance();

    interface FaultTolerance {
        /** Longest any API request may take; past it the answer is a 503 with Retry-After. */
        @WithDefault("10s")
        Duration requestDeadline();

        /** PostgreSQL: a deadline on each row query, and a breaker that answers 503 at once while it is down. */
        Database database();

        interface Database {
            /** Longest one row query may take. */
            @WithDefault("3s")
            Duration timeout();

            /**
             * Retries of a row query whose connection was refused or dropped (reads are idempotent; a
             * pool holding connections to a restarted server gets a fresh one); 0 turns them off.
             */
            @WithDefault("1")
            @Min(0)
            @Max(3)
            int retries();

            CircuitBreaker circuitBreaker();
        }

        /** Temporal: a breaker that answers partial details at once while Temporal is down, and a retry. */
        Temporal temporal();

        interface Temporal {
            CircuitBreaker circuitBreaker();

            /** Retries of a Temporal read that failed with UNAVAILABLE (reads are idempotent); 0 turns them off. */
            @WithDefault("1")
            @Min(0)
            @Max(3)
            int retries();

            /** Pause before such a retry. */
            @WithDefault("100ms")
            Duration retryDelay();

            /**
             * History reads (describe aside) that fold at once on an instance: each holds a page and its
             * run's trace until the answer is written, so this bounds the memory that concurrent large
             * histories take. The rest wait, within the fetch deadline.
             */
            @WithDefault("4")
            @Min(1)
            int concurrentHistoryReads();

            /** History reads that may wait for a slot (at least one); beyond them details answer partial at once. */
            @WithDefault("200")
            @Min(1)
            int queuedHistoryReads();
        }

        /**
         * The codec server: a breaker per Temporal namespace, so that one tenant's payloads that time
         * out or fail cannot leave every other tenant's undecoded. Its 4xx answers (a payload it
         * refuses, such as an unknown key id) do not count, except 408 and 429, which say it is busy.
         */
        Codec codec();

        interface Codec {
            CodecCircuitBreaker circuitBreaker();
        }

        /** A codec breaker's settings: those of {@link CircuitBreaker}, with the codec's own defaults. */
        interface CodecCircuitBreaker {
            /** Whether the breakers are used. */
            @WithDefault("true")
            boolean enabled();

            /** Calls of one namespace in the rolling window the failure ratio is computed over. */
            @WithDefault("4")
            @Min(1)
            int requestVolume();

            /** Failing share of the window that opens a namespace's breaker. */
            @WithDefault("0.75")
            @DecimalMin("0.0")
            @DecimalMax("1.0")
            double failureRatio();

            /** How long an open breaker leaves the codec server alone for its namespace before a trial call. */
            @WithDefault("10s")
            @DurationMin(millis = 1)
            Duration delay();

            /** Trial calls that must succeed to close it again. */
            @WithDefault("1")
            @Min(1)
            int successThreshold();
        }

        interface CircuitBreaker {
            /** Whether the breaker is used. */
            @WithDefault("true")
            boolean enabled();

            /** Calls in the rolling window the failure ratio is computed over. */
            @WithDefault("10")
            @Min(1)
            int requestVolume();

            /** Failing share of the window that opens the breaker. */
            @WithDefault("0.5")
            double failureRatio();

            /** How long an open breaker refuses calls before letting trial calls through. */
            @WithDefault("10s")
            Duration delay();

            /** Trial calls that must succeed to close the breaker again. */
            @WithDefault("2")
            @Min(1)
            int successThreshold();
        }
    }

    /** Live updates: {@code GET /api/v1/executions/{id}/stream} (Server-Sent Events). */
    Stream stream();

    interface Stream {
        /**
         * Most streams open at once on this instance; past it a new stream is refused with a 503 and
         * Retry-After. Each open stream holds one connection and the fold of its run's open groups
         * (about 30 KB), and one history page while it catches up.
         */
        @WithDefault("256")
        @Min(1)
        int maxConcurrent();

        /**
         * Most streams one organization may have open at once on this instance (at most
         * {@code max-concurrent}); past it its new stream is refused with a 503 and Retry-After while
         * other organizations still get theirs. A quarter of the default instance cap: no tenant can
         * take the whole instance, and a busy one still has room for many open dashboards.
         */
        @WithDefault("64")
        @Min(1)
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
        @DurationMin(seconds = 1)
        Duration credentialRecheck();
    }

    /** What callers see of payloads (workflow and activity inputs, results, details). */
    Payloads payloads();

    interface Payloads {
        /**
         * Keys whose values are replaced in every payload, at any depth. A key matches when a run of
         * its words spells a pattern, ignoring case and separators: {@code token} matches
         * {@code access_token} and {@code refreshToken}, not {@code max_tokens}.
         */
        @WithDefault("password,passwd,secret,token,api_key,access_key,private_key,authorization,cookie,credential,credentials")
        List<String> redactKeys();

        /** What a redacted value becomes. */
        @WithDefault("[REDACTED]")
        String redactedValue();

        /** Roles that may see payloads; when unset everyone may. API keys have no roles. */
        Optional<List<String>> roles();

        /** Organizations that never see payloads. */
        Optional<List<String>> omitForOrganizations();
    }

    /** A Temporal codec server, for payloads in encodings Runlens does not decode itself (e.g. encrypted). */
    Codec codec();

    interface Codec {
        /** Base URL of the codec server ({@code POST {url}/decode}); unset: encoded payloads stay undecodable. */
        Optional<String> url();

        /** {@code Authorization} header value sent to the codec server. */
        Optional<String> authorization();

        /** Longest a request waits for the codec server before answering with the payloads undecodable. */
        @WithDefault("2s")
        Duration timeout();
    }

    /** The cache of closed runs' Temporal data (a closed run's history never changes). */
    Cache cache();

    interface Cache {
        /** Keep what Temporal said about closed runs, so repeated reads skip the history fetch and fold. */
        @WithDefault("true")
        boolean enabled();

        /** Most runs kept; each entry counts as at least {@code maximum-weight / maximum-entries}. */
        @WithDefault("10000")
        @Min(1)
        int maximumEntries();

        /**
         * Most memory the cached runs may take, estimated from their history size; the least recently
         * and least frequently used go first.
         */
        @WithDefault("64M")
        MemorySize maximumWeight();

        /** A run not read for this long leaves the cache. */
        @WithDefault("1h")
        Duration expireAfterAccess();

        /**
         * Longest a closed run is served from memory without Temporal confirming it: past this, it is
         * described again before it is served, so a reset, a deletion or the namespace's retention
         * shows within this bound on every replica.
         */
        @WithDefault("60s")
        Duration revalidateAfter();

        /**
         * Most memory the rendered details answers of closed runs may take (their exact byte size):
         * a repeated read, or its 304, then costs the row lookup and no rendering.
         */
        @WithDefault("16M")
        MemorySize renderedMaximumWeight();
    }

    /** Where PostgreSQL is; the datasource URLs in application.properties are built from these. */
    Db db();

    interface Db {
        /** PostgreSQL host. */
        @WithDefault("127.0.0.1")
        @NotBlank
        String host();

        /** PostgreSQL port. */
        @WithDefault("5432")
        @Min(1)
        @Max(65535)
        int port();

        /** Database name. */
        @WithDefault("postgres")
        @NotBlank
        String name();

        /** Schema that holds Runlens' tables; Flyway creates it if missing. */
        @WithDefault("runlens")
        @NotBlank
        String schema();
    }

    /** Where Temporal is. */
    Temporal temporal();

    interface Temporal {
        /** Temporal frontend gRPC address, {@code host:port}. */
        @WithDefault("127.0.0.1:7233")
        @NotBlank
        String target();

        /** Namespace of executions whose row names none. */
        @WithDefault("default")
        @NotBlank
        String namespace();

        /** Deadline of each Temporal call (describe, one history page). */
        @WithDefault("5s")
        Duration rpcTimeout();

        /** Longest a details request waits for Temporal (describe and every history page) before answering without it. */
        @WithDefault("8s")
        Duration fetchDeadline();

        /** Events asked for per history page; larger pages mean fewer round trips, smaller ones less memory. */
        @WithDefault("1000")
        @Min(1)
        @Max(10000)
        int historyPageSize();

        /** Most runs of one execution's chain (continue-as-new, retries, cron) listed in {@code runs}. */
        @WithDefault("50")
        @Min(1)
        @Max(1000)
        int maxChainRuns();

        /** Base URL of the Temporal Web UI, for {@code temporal_web_url}. */
        @WithDefault("http://localhost:8233")
        String uiUrl();

        /** API key sent as a bearer token on every call (Temporal Cloud). */
        Optional<String> apiKey();

        /** TLS to the frontend. */
        Tls tls();

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

    interface Auth {
        /** JWT claim that names the caller's organization; every lookup is scoped to it. */
        @WithDefault("org_id")
        @NotBlank
        String organizationClaim();

        /** Role (JWT {@code groups} entry) that may create, list and revoke API keys. API keys never have it. */
        @WithDefault("runlens-admin")
        @NotBlank
        String adminRole();
    }

    interface Api {
        /**
         * What a caller gets for an execution that exists in another organization: {@code not-found}
         * (404, reveals nothing) or {@code forbidden} (403, as seed 000 documents).
         */
        @WithDefault("not-found")
        ForeignExecutionResponse foreignExecution();

        /** Page size of the execution lists when the request gives no {@code limit}. */
        @WithDefault("50")
        @Min(1)
        @Max(200)
        int defaultPageSize();

        /** Largest {@code limit} a list request may ask for. */
        @WithDefault("200")
        @Min(1)
        @Max(1000)
        int maxPageSize();

        /** How many of the newest history events a details response carries when the request does not say. */
        @WithDefault("20")
        @Min(0)
        int defaultRecentEvents();

        /** Largest {@code recent_events} a details request may ask for. */
        @WithDefault("1000")
        @Min(0)
        @Max(10000)
        int maxRecentEvents();

        /**
         * Details when Temporal is slow or down: {@code partial} (200 from the row, {@code sources.temporal}
         * says why) or {@code service-unavailable} (503 with Retry-After).
         */
        @WithDefault("partial")
        TemporalFailureResponse temporalFailure();

        /**
         * How details reads its two backends: {@code parallel} (the row and Temporal at once) or
         * {@code sequential} (the row, then Temporal). Sequential exists only so the benchmark can
         * show what the overlap buys; never use it in production.
         */
        @WithDefault("parallel")
        FetchMode fetchMode();
    }

    /** Order of the two backend reads of a details request. */
    enum FetchMode {
        /** The row and Temporal at once. */
        PARALLEL,
        /** The row first, then Temporal. */
        SEQUENTIAL
    }

    /** Answer of a details request while Temporal cannot be reached. */
    enum TemporalFailureResponse {
        /** 200 with what the row gives, marked partial. */
        PARTIAL,
        /** 503 with Retry-After. */
        SERVICE_UNAVAILABLE
    }

    /** Answer for another organization's execution. */
    enum ForeignExecutionResponse {
        /** 404, the same as an unknown id: nobody learns that the id exists. */
        NOT_FOUND,
        /** 403, what seed 000 documents; tells the caller the id exists elsewhere. */
        FORBIDDEN
    }
}
