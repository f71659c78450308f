package io.runlens.keys;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.runlens.auth.ApiKeyAuthenticationRequest;
import io.runlens.auth.CallerOrganization;
import io.runlens.faults.BackendGuards;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a live API key into an identity that acts for the key's organization and holds no role: a
 * key never grants admin rights. Unknown and revoked keys fail authentication (401). A key that cannot
 * be checked (PostgreSQL slow or down) fails closed with a 503 and Retry-After, within the request
 * deadline: authentication runs before the resource, so the lookup carries its own. A key found live
 * is taken from memory for {@code runlens.auth.api-key-cache.time-to-live} ({@link ApiKeys}).
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    /** Identity attribute holding the key's id (a UUID), so that a long-lived stream can re-check the key. */
    public static final String KEY_ID = "runlens.api-key-id";

    private final ApiKeys keys;
    private final BackendGuards guards;

    public ApiKeyIdentityProvider(ApiKeys keys, BackendGuards guards) {
        this.keys = keys;
        this.guards = guards;
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        return guards.withinDeadline(() -> keys.use(request.key()))
                .map(found -> found.<SecurityIdentity>map(key -> QuarkusSecurityIdentity.builder()
                                .setPrincipal(new QuarkusPrincipal("api-key:" + key.id()))
                                .addAttribute(CallerOrganization.ATTRIBUTE, key.organizationId())
                                .addAttribute(KEY_ID, key.id())
                                .build())
                        .orElseThrow(() -> new AuthenticationFailedException("unknown or revoked API key")));
    }
}
