package io.runlens.config;

import io.smallrye.config.WithDefault;
import java.util.Optional;

public interface DbConfig {
    /** PostgreSQL host. */
    @WithDefault("127.0.0.1")
    String host();

    /** PostgreSQL port. */
    @WithDefault("5432")
    int port();

    /** Database name. */
    @WithDefault("postgres")
    String name();

    /** Schema that holds Runlens' tables; the migrations create it if missing. */
    @WithDefault("runlens")
    String schema();

    /**
     * Whether Runlens applies its migrations (Flyway, {@code db/migration} in the jar) at start-up, over a
     * JDBC connection it closes when done. Set false where a separate step owns the schema, such as an init
     * container running Flyway over the same scripts; Runlens then expects the tables to be there.
     */
    @WithDefault("true")
    boolean migrateAtStart();

    /** Drops every object in {@link #schema()} before migrating: for test runs only, never in production. */
    @WithDefault("false")
    boolean cleanAtStart();

    /**
     * Extra JDBC URL parameters for the migration connection, e.g. {@code sslmode=verify-full&sslrootcert=/etc/pg/ca.crt}
     * when PostgreSQL requires TLS (the reactive client's own TLS settings are {@code quarkus.datasource.reactive.*}).
     */
    Optional<String> jdbcParameters();

    /** Where execution rows are read from ({@code runlens.db.executions.*}; docs/adopting.md). */
    Executions executions();

    interface Executions {
        /**
         * The table or view to read execution rows from, {@code schema.name} or {@code name} (in
         * {@link DbConfig#schema()}), lower-case unquoted SQL identifiers. Unset: {@code execution} in
         * {@link DbConfig#schema()}. Set, with {@link #managed()} false: Runlens reads it through a
         * view {@code execution} it (re)creates in its own schema at every start.
         */
        Optional<String> relation();

        /**
         * Whether Runlens creates and migrates the {@code execution} table in its own schema. False
         * when the platform owns the rows (a table or view of its own, named by {@link #relation()});
         * Runlens's other tables (API keys, known runs) are migrated either way.
         */
        @WithDefault("true")
        boolean managed();
    }
}
