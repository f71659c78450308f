package io.runlens.config;

import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.NotBlank;

public interface AuthConfig {
    /** JWT claim that names the caller's organization; every lookup is scoped to it. */
    @WithDefault("org_id")
    @NotBlank String organizationClaim();

    /** Role (JWT {@code groups} entry) that may create, list and revoke API keys. API keys never have it. */
    @WithDefault("runlens-admin")
    @NotBlank String adminRole();
}
