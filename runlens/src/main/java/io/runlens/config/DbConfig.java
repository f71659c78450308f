package io.runlens.config;

import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

public interface DbConfig {
    /** PostgreSQL host. */
    @WithDefault("127.0.0.1")
    @NotBlank String host();

    /** PostgreSQL port. */
    @WithDefault("5432")
    @Min(1) @Max(65535) int port();

    /** Database name. */
    @WithDefault("postgres")
    @NotBlank String name();

    /** Schema that holds Runlens' tables; Flyway creates it if missing. */
    @WithDefault("runlens")
    @NotBlank String schema();
}
