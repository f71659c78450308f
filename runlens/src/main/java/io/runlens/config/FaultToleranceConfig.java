package io.runlens.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

public interface FaultToleranceConfig {
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
        int retries();

        CircuitBreaker circuitBreaker();
    }

    /** Temporal: a breaker that answers partial details at once while Temporal is down, and a retry. */
    Temporal temporal();

    interface Temporal {
        CircuitBreaker circuitBreaker();

        /** Retries of a Temporal read that failed with UNAVAILABLE (reads are idempotent); 0 turns them off. */
        @WithDefault("1")
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
        int concurrentHistoryReads();

        /** History reads that may wait for a slot (at least one); beyond them details answer partial at once. */
        @WithDefault("200")
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
        int requestVolume();

        /** Failing share of the window that opens a namespace's breaker. */
        @WithDefault("0.75")
        double failureRatio();

        /** How long an open breaker leaves the codec server alone for its namespace before a trial call. */
        @WithDefault("10s")
        Duration delay();

        /** Trial calls that must succeed to close it again. */
        @WithDefault("1")
        int successThreshold();
    }

    interface CircuitBreaker {
        /** Whether the breaker is used. */
        @WithDefault("true")
        boolean enabled();

        /** Calls in the rolling window the failure ratio is computed over. */
        @WithDefault("10")
        int requestVolume();

        /** Failing share of the window that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long an open breaker refuses calls before letting trial calls through. */
        @WithDefault("10s")
        Duration delay();

        /** Trial calls that must succeed to close the breaker again. */
        @WithDefault("2")
        int successThreshold();
    }
}
