package io.runlens.auth;

import io.quarkus.security.identity.SecurityIdentity;
import io.runlens.config.RunlensConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Tells which organization an authenticated caller acts for. */
@ApplicationScoped
public class CallerOrganization {

    /** Identity attribute that credentials other than JWTs (e.g. API keys) set to their organization. */
    public static final String ATTRIBUTE = "runlens.organization";

    private final RunlensConfig config;

    public CallerOrganization(RunlensConfig config) {
        this.config = config;
    }

    /**
     * @throws NoOrganizationException when the credential names no organization (answered 403)
     */
    public String of(SecurityIdentity identity) {
        Object fromAttribute = identity.getAttribute(ATTRIBUTE);
        if (fromAttribute instanceof String organization && !organization.isBlank()) {
            return organization;
        }
        String claim = config.auth().organizationClaim();
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            Object value = token.getClaim(claim);
            String organization = value == null ? null : claimText(value);
            if (organization != null && !organization.isBlank()) {
                return organization;
            }
        }
        throw new NoOrganizationException("the token has no '" + claim + "' claim naming the caller's organization");
    }

    // A string claim arrives as a JSON string value from some token parsers.
    private static String claimText(Object value) {
        if (value instanceof jakarta.json.JsonString json) {
            return json.getString();
        }
        return value instanceof String text ? text : null;
    }
}
