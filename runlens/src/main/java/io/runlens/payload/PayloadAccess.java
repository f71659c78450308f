package io.runlens.payload;

import io.quarkus.security.identity.SecurityIdentity;
import io.runlens.config.PayloadsConfig;
import io.runlens.config.RunlensConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Who sees payloads. Everyone, unless {@code runlens.payloads.roles} names the roles that may (then
 * API keys, which have no roles, never do), and never an organization listed in
 * {@code runlens.payloads.omit-for-organizations}. A caller who may see them can still ask for an
 * answer without them ({@code include_payloads=false}).
 */
@ApplicationScoped
public class PayloadAccess {

    private final PayloadsConfig config;
    private final Redactor redactor;

    public PayloadAccess(RunlensConfig config) {
        this.config = config.payloads();
        this.redactor = new Redactor(this.config.redactKeys(), this.config.redactedValue());
    }

    /** The redaction every payload goes through, whoever reads it. */
    public Redactor redactor() {
        return redactor;
    }

    public boolean mayRead(SecurityIdentity identity, String organization) {
        if (config.omitForOrganizations()
                .map(list -> list.contains(organization))
                .orElse(false)) {
            return false;
        }
        List<String> roles = config.roles().orElse(List.of());
        return roles.isEmpty() || roles.stream().anyMatch(identity::hasRole);
    }
}
