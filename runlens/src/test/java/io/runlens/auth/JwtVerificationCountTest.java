package io.runlens.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.runlens.support.TestTokens;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/**
 * What the verified-token cache saves: {@link JwtIdentityProvider} over the real smallrye-jwt
 * parser, counted, asked N times for the same token. With the cache the parser (the RS256 check and
 * the parse) runs once; without it, N times. A refused token is verified every time.
 */
class JwtVerificationCountTest {

    static final int N = 100;

    /** smallrye-jwt's parser, counting the tokens it is given. */
    static final class CountingParser extends DefaultJWTParser {
        final AtomicInteger parses = new AtomicInteger();

        CountingParser(JWTAuthContextInfo info) {
            super(info);
        }

        @Override
        public JsonWebToken parse(String bearerToken) throws ParseException {
            parses.incrementAndGet();
            return super.parse(bearerToken);
        }
    }

    static final AuthenticationRequestContext INLINE = work -> Uni.createFrom().item(work);

    record Setup(JwtIdentityProvider provider, CountingParser parser, SimpleMeterRegistry metrics) {}

    static Setup provider(Duration timeToLive) {
        JWTAuthContextInfo info = VerifiedTokensTest.verification();
        CountingParser parser = new CountingParser(info);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        VerifiedTokens cache = new VerifiedTokens(
                100,
                timeToLive,
                VerifiedTokens.Rules.of(info, VerifiedTokensTest.SKEW),
                Clock.systemUTC(),
                Ticker.systemTicker());
        return new Setup(
                new JwtIdentityProvider(parser, cache, metrics, VerifiedTokensTest.SKEW, false), parser, metrics);
    }

    static SecurityIdentity authenticate(JwtIdentityProvider provider, String token) {
        return provider.authenticate(new JwtAuthenticationRequest(token), INLINE)
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    @Test
    void nRequestsWithOneTokenParseItOnce() {
        Setup setup = provider(Duration.ofMinutes(5));
        String token = TestTokens.adminOf("org-" + UUID.randomUUID());
        for (int i = 0; i < N; i++) {
            SecurityIdentity identity = authenticate(setup.provider(), token);
            assertEquals("admin-1", identity.getPrincipal().getName());
            assertEquals(java.util.Set.of("runlens-admin"), identity.getRoles());
        }
        assertEquals(1, setup.parser().parses.get(), "parses for " + N + " requests with one token");
        assertEquals(
                N - 1,
                setup.metrics()
                        .get("cache.gets")
                        .tag("cache", JwtIdentityProvider.METRIC_NAME)
                        .tag("result", "hit")
                        .functionCounter()
                        .count());
    }

    @Test
    void withoutTheCacheEachRequestParses() {
        Setup setup = provider(Duration.ZERO);
        String token = TestTokens.forOrganization("org-" + UUID.randomUUID());
        for (int i = 0; i < N; i++) {
            authenticate(setup.provider(), token);
        }
        assertEquals(N, setup.parser().parses.get());
    }

    @Test
    void aRefusedTokenIsVerifiedEveryTime() {
        Setup setup = provider(Duration.ofMinutes(5));
        String token = TestTokens.signedByOtherKey("org-" + UUID.randomUUID());
        for (int i = 0; i < 5; i++) {
            assertThrows(AuthenticationFailedException.class, () -> authenticate(setup.provider(), token));
        }
        assertEquals(5, setup.parser().parses.get());
    }
}
