package io.runlens.config;

import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

public interface PayloadsConfig {
    /**
     * Keys whose values are replaced in every payload, at any depth. A key matches when a run of
     * its words spells a pattern, ignoring case and separators: {@code token} matches
     * {@code access_token} and {@code refreshToken}, not {@code max_tokens}.
     */
    @WithDefault(
            "password,passwd,secret,token,api_key,access_key,private_key,authorization,cookie,credential,credentials")
    List<String> redactKeys();

    /** What a redacted value becomes. */
    @WithDefault("[REDACTED]")
    String redactedValue();

    /** Roles that may see payloads; when unset everyone may. API keys have no roles. */
    Optional<List<String>> roles();

    /** Organizations that never see payloads. */
    Optional<List<String>> omitForOrganizations();
}
