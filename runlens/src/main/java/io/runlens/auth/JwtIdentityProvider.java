package io.runlens.auth;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.runlens.config.RunlensConfig;
import io.runlens.faults.BackendUnavailableException;
import io.runlens.observability.CacheMeters;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Verifies a bearer JWT with smallrye-jwt's parser (the standard {@code mp.jwt.verify.*} settings:
 * key, issuer, RS256, expiry, {@code nbf}) and refuses what it lets through: an {@code iat} further
 * in the future than the clock skew (a token "issued" later than now was not issued by a sane
 * issuer, and would outlive any token-age rule). A rejection tells the log why, never the token.
 *
 * <p>A token it accepted is kept ({@link VerifiedTokens}, {@code runlens.auth.token-cache.*}): the
 * same token again is served from memory while those same rules, read against the clock again, still
 * accept it, and within {@code time-to-live} of its verification. A refused token is verified again
 * every time.
 */
@ApplicationScoped
public class JwtIdentityProvider implements IdentityProvider<JwtAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(JwtIdentityProvider.class);

    static final String METRIC_NAME = "runlens.verified-tokens";

    private final JWTParser parser;
    private final long clockSkewSeconds;
    private final boolean blocking;
    private final VerifiedTokens verified;
    private final MeterRegistry metrics;

    @Inject
    public JwtIdentityProvider(
            JWTParser parser,
            JWTAuthContextInfo verification,
            RunlensConfig config,
            MeterRegistry metrics,
            @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60") long clockSkewSeconds,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> keyLocation,
            @ConfigProperty(name = "quarkus.smallrye-jwt.blocking-authentication")
                    Optional<Boolean> blockingAuthentication) {
        this(
                parser,
                new VerifiedTokens(
                        config.auth().tokenCache().maximumEntries(),
                        config.auth().tokenCache().timeToLive(),
                        () -> VerifiedTokens.Rules.of(verification, clockSkewSeconds),
                        Clock.systemUTC(),
                        Ticker.systemTicker()),
                metrics,
                clockSkewSeconds,
                // As smallrye-jwt decides: a key fetched over HTTP (JWKS) may block, so verify off the event loop.
                blockingAuthentication.orElse(
                        keyLocation.map(location -> location.startsWith("http")).orElse(false)));
    }

    /** With its cache given: the application's is made from {@code runlens.auth.token-cache.*}. */
    JwtIdentityProvider(
            JWTParser parser, VerifiedTokens verified, MeterRegistry metrics, long clockSkewSeconds, boolean blocking) {
        this.parser = parser;
        this.verified = verified;
        this.metrics = metrics;
        this.clockSkewSeconds = clockSkewSeconds;
        this.blocking = blocking;
        if (verified.enabled()) {
            CacheMeters.bind(metrics, verified.cache(), METRIC_NAME);
        }
    }

    /** The cache's meters go with it, so that a new instance (a restart in tests) reports its own numbers. */
    @PreDestroy
    void unregister() {
        CacheMeters.unbind(metrics, METRIC_NAME);
    }

    @Override
    public Class<JwtAuthenticationRequest> getRequestType() {
        return JwtAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(JwtAuthenticationRequest request, AuthenticationRequestContext context) {
        // A hash and a map lookup: fine on the event loop, and a hit needs no worker thread either.
        JsonWebToken known = verified.get(request.token());
        if (known != null) {
            return Uni.createFrom().item(identity(known, request));
        }
        return blocking
                ? context.runBlocking(() -> verify(request))
                : Uni.createFrom().item(() -> verify(request));
    }

    private SecurityIdentity verify(JwtAuthenticationRequest request) {
        JsonWebToken token;
        try {
            token = parser.parse(request.token());
        } catch (ParseException e) {
            LOG.debugf("bearer JWT rejected: %s", reason(e));
            throw new AuthenticationFailedException();
        } catch (RuntimeException e) {
            // smallrye-jwt reads the key lazily, on the first token: an unreadable key file or a JWKS
            // endpoint that is down surfaces here. The token is neither good nor bad, so no 401; and
            // the IOException inside must not pass for a lost database connection further up.
            LOG.warnf("bearer JWT cannot be verified: the verification key cannot be loaded (%s)", e.toString());
            throw new BackendUnavailableException(
                    "bearer tokens cannot be verified: the token verification key cannot be loaded",
                    BackendUnavailableException.RETRY_SOON_SECONDS,
                    e);
        }
        long now = Instant.now().getEpochSecond();
        if (token.getClaim(Claims.iat.name()) instanceof Number issuedAt
                && issuedAt.longValue() > now + clockSkewSeconds) {
            LOG.debugf("bearer JWT rejected: iat is %d s ahead of this clock", issuedAt.longValue() - now);
            throw new AuthenticationFailedException();
        }
        verified.put(request.token(), token);
        return identity(token, request);
    }

    // Per request: the routing context is this request's, the token may be shared by many.
    private static SecurityIdentity identity(JsonWebToken token, JwtAuthenticationRequest request) {
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(token)
                .addRoles(token.getGroups())
                .addAttribute("quarkus.user", token);
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routing != null) {
            identity.addAttribute(RoutingContext.class.getName(), routing);
        }
        return identity.build();
    }

    /**
     * What was wrong, for operators: jose4j's error codes by name. Its exception messages are not
     * used, since they quote the token or its claims.
     */
    static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidJwtException invalid) {
                return invalid.getErrorDetails().stream()
                        .map(ErrorCodeValidator.Error::getErrorCode)
                        .map(JwtIdentityProvider::codeName)
                        .collect(Collectors.joining(", "));
            }
        }
        return "not a JWT the configured key verifies";
    }

    private static String codeName(int code) {
        return switch (code) {
            case ErrorCodes.EXPIRED -> "expired";
            case ErrorCodes.EXPIRATION_MISSING -> "no exp";
            case ErrorCodes.NOT_YET_VALID -> "nbf in the future";
            case ErrorCodes.SIGNATURE_INVALID -> "signature invalid";
            case ErrorCodes.SIGNATURE_MISSING -> "not signed";
            case ErrorCodes.ISSUER_MISSING -> "no iss";
            case ErrorCodes.ISSUER_INVALID -> "wrong iss";
            case ErrorCodes.JSON_INVALID -> "claims are not JSON";
            case ErrorCodes.MALFORMED_CLAIM -> "malformed claim";
            case ErrorCodes.MISCELLANEOUS -> "cannot be processed (malformed, or an algorithm not allowed)";
            case ErrorCodes.ISSUED_AT_INVALID_FUTURE -> "iat in the future";
            default -> "jose4j error " + code;
        };
    }
}
