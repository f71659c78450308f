package io.runlens.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Finds the request's credential by {@link BearerCredentials}' rule and hands it to the right
 * provider: {@code rlk_...} to {@link ApiKeyIdentityProvider}, anything else to
 * {@link JwtIdentityProvider}. It runs before smallrye-jwt's own mechanism, which would otherwise
 * prefer the cookie to the header, and whose validator logs rejected tokens whole at DEBUG; with a
 * credential present this one always decides, so that one only ever sees requests without any.
 */
@ApplicationScoped
@Priority(2000)
public class BearerCredentialMechanism implements HttpAuthenticationMechanism {

    private final String cookieName;

    public BearerCredentialMechanism(
            @ConfigProperty(name = "mp.jwt.token.cookie", defaultValue = "polos_auth") String cookieName) {
        this.cookieName = cookieName;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        Optional<BearerCredentials.Presented> presented;
        try {
            presented = BearerCredentials.of(context.request(), cookieName);
        } catch (AuthenticationFailedException rejected) {
            return Uni.createFrom().failure(rejected);
        }
        if (presented.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        String token = presented.get().token();
        AuthenticationRequest request = presented.get().isApiKey()
                ? new ApiKeyAuthenticationRequest(token)
                : new JwtAuthenticationRequest(token);
        return identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class, JwtAuthenticationRequest.class);
    }

    @Override
    public int getPriority() {
        // Above smallrye-jwt's default (1000): a credential is read here, once, by one rule.
        return 2000;
    }
}
