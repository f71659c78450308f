package io.runlens.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import io.runlens.support.TestTokens;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/**
 * The verified-token cache on its own, with tokens the real smallrye-jwt parser verified: bounded,
 * and never serving a token at an instant the verifier would refuse it. Its clocks are driven by
 * hand: the wall clock the time rules are read against, and Caffeine's ticker that expires entries.
 */
class VerifiedTokensTest {

    /** smallrye-jwt's default, and the service's: {@code mp.jwt.verify.clock.skew}. */
    static final int SKEW = 60;

    static final long T0 = 1_900_000_000L;

    /** A wall clock and a ticker moved together, or one without the other. */
    static final class Clocks extends Clock {
        final AtomicLong millis = new AtomicLong(T0 * 1000 + 250);
        final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        final Ticker ticker = nanos::get;

        void advance(Duration duration) {
            millis.addAndGet(duration.toMillis());
            nanos.addAndGet(duration.toNanos());
        }

        /** The wall clock steps (NTP); the monotonic ticker does not. */
        void stepWallClock(Duration duration) {
            millis.addAndGet(duration.toMillis());
        }

        long seconds() {
            return Math.floorDiv(millis.get(), 1000);
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    static JWTAuthContextInfo verification() {
        JWTAuthContextInfo info = new JWTAuthContextInfo("jwt/public-key.pem", TestTokens.ISSUER);
        info.setClockSkew(SKEW);
        return info;
    }

    static final DefaultJWTParser PARSER = new DefaultJWTParser(verification());

    static Map<String, Object> claims(long iat, long exp, Long nbf) {
        Map<String, Object> claims = new LinkedHashMap<>(TestTokens.validClaims("org-" + UUID.randomUUID()));
        claims.put("iat", iat);
        claims.put("exp", exp);
        if (nbf != null) {
            claims.put("nbf", nbf);
        }
        return claims;
    }

    /** A token the real parser has just verified, as the provider would hand it to the cache. */
    static JsonWebToken parsed(String token) {
        try {
            return PARSER.parse(token);
        } catch (ParseException e) {
            throw new AssertionError("the test's token does not verify", e);
        }
    }

    // The parser reads the real clock: the tokens given to the hand-driven cache are verified now, with
    // times that the parser accepts now, and stored at the hand-driven times below.
    private static String tokenValidNow() {
        long now = Instant.now().getEpochSecond();
        return TestTokens.signed(claims(now - 10, now + 3600, null));
    }

    @Test
    void itKeepsAtMostMaximumEntries() {
        Clocks clocks = new Clocks();
        clocks.millis.set(System.currentTimeMillis());
        VerifiedTokens cache = new VerifiedTokens(
                3, Duration.ofMinutes(5), VerifiedTokens.Rules.of(verification(), SKEW), clocks, clocks.ticker);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String token = tokenValidNow();
            tokens.add(token);
            cache.put(token, parsed(token));
        }
        cache.cache().cleanUp();
        assertTrue(cache.cache().estimatedSize() <= 3, "kept " + cache.cache().estimatedSize() + " of at most 3");
        long served = tokens.stream().filter(token -> cache.get(token) != null).count();
        assertTrue(served <= 3, served + " tokens served from a cache of 3");
    }

    @Test
    void theKeyIsTheTokensDigestNeverTheToken() {
        Clocks clocks = new Clocks();
        clocks.millis.set(System.currentTimeMillis());
        VerifiedTokens cache = new VerifiedTokens(
                10, Duration.ofMinutes(5), VerifiedTokens.Rules.of(verification(), SKEW), clocks, clocks.ticker);
        String token = tokenValidNow();
        JsonWebToken verified = parsed(token);
        cache.put(token, verified);
        assertSame(verified, cache.get(token));
        assertEquals(
                List.of(VerifiedTokens.digest(token)),
                List.copyOf(cache.cache().asMap().keySet()));
    }

    /**
     * jose4j refuses a token once {@code now - skew >= exp}, in whole seconds: a kept token is served
     * up to the second before that and refused from that second on, and Caffeine has dropped it by then.
     */
    @Test
    void aKeptTokenIsRefusedFromTheSecondTheVerifierRefusesIt() {
        Clocks clocks = new Clocks();
        long now = Instant.now().getEpochSecond();
        long exp = now + 30;
        String token = TestTokens.signed(claims(now - 10, exp, null));
        JsonWebToken verified = parsed(token);
        clocks.millis.set(now * 1000);
        VerifiedTokens cache = new VerifiedTokens(
                10, Duration.ofMinutes(5), VerifiedTokens.Rules.of(verification(), SKEW), clocks, clocks.ticker);
        cache.put(token, verified);

        // The last millisecond of the last second the verifier accepts: exp + skew - 1.
        clocks.advance(Duration.ofMillis((exp + SKEW - 1 - now) * 1000 + 999));
        assertNotNull(cache.get(token), "served at exp + skew - 1 s, as the verifier accepts it");

        // The wall clock reaches exp + skew while the ticker lags: the rule on the hit refuses it.
        clocks.stepWallClock(Duration.ofMillis(1));
        assertEquals(exp + SKEW, clocks.seconds());
        assertNull(cache.get(token), "served at exp + skew, where the verifier refuses it");
    }

    @Test
    void anEntryExpiresWhenItsTokenDoesEvenIfNoOneAsks() {
        Clocks clocks = new Clocks();
        long now = Instant.now().getEpochSecond();
        long exp = now + 30;
        String token = TestTokens.signed(claims(now - 10, exp, null));
        JsonWebToken verified = parsed(token);
        clocks.millis.set(now * 1000);
        VerifiedTokens cache = new VerifiedTokens(
                10, Duration.ofMinutes(5), VerifiedTokens.Rules.of(verification(), SKEW), clocks, clocks.ticker);
        cache.put(token, verified);
        String digest = VerifiedTokens.digest(token);
        assertEquals(
                Optional.of(Duration.ofSeconds(exp + SKEW - now)),
                cache.cache().policy().expireVariably().orElseThrow().getExpiresAfter(digest),
                "the entry lives until its token's exp + skew, under the time to live");

        // Caffeine's own clock reaches exp + skew while the wall clock lags behind it: the entry is gone.
        clocks.nanos.addAndGet(TimeUnit.SECONDS.toNanos(exp + SKEW - now));
        assertNull(cache.cache().getIfPresent(digest), "an entry outlived its token's exp + skew");
    }

    @Test
    void noTokenIsServedLongerThanTheTimeToLive() {
        Clocks clocks = new Clocks();
        clocks.millis.set(System.currentTimeMillis());
        VerifiedTokens cache = new VerifiedTokens(
                10, Duration.ofMinutes(5), VerifiedTokens.Rules.of(verification(), SKEW), clocks, clocks.ticker);
        String token = tokenValidNow();
        cache.put(token, parsed(token));
        clocks.advance(Duration.ofMinutes(5).minusMillis(1));
        assertNotNull(cache.get(token));
        clocks.advance(Duration.ofMillis(1));
        assertNull(cache.get(token), "served past the time to live though its exp is an hour away");
    }

    /**
     * A token is only ever kept once accepted, so at or after {@code nbf - skew}; should the wall clock
     * step back before that, it is not served from memory as valid either.
     */
    @Test
    void aKeptTokenIsNotServedBeforeItsNotBefore() {
        Clocks clocks = new Clocks();
        long now = Instant.now().getEpochSecond();
        long nbf = now + SKEW; // the verifier accepts it from now on, not a second earlier
        String token = TestTokens.signed(claims(now - 10, now + 3600, nbf));
        JsonWebToken verified = parsed(token);
        clocks.millis.set(now * 1000);
        VerifiedTokens cache = new VerifiedTokens(
                10, Duration.ofMinutes(5), VerifiedTokens.Rules.of(verification(), SKEW), clocks, clocks.ticker);
        cache.put(token, verified);
        assertNotNull(cache.get(token));

        clocks.stepWallClock(Duration.ofSeconds(-1));
        assertNull(cache.get(token), "served before nbf - skew");
    }

    @Test
    void aTokenTheRulesRefuseNowIsNotKept() {
        Clocks clocks = new Clocks();
        long now = Instant.now().getEpochSecond();
        String token = TestTokens.signed(claims(now - 10, now + 3600, null));
        JsonWebToken verified = parsed(token);
        // Handed over an hour and a minute after it was verified: already refused.
        clocks.millis.set((now + 3600 + SKEW) * 1000);
        VerifiedTokens cache = new VerifiedTokens(
                10, Duration.ofMinutes(5), VerifiedTokens.Rules.of(verification(), SKEW), clocks, clocks.ticker);
        cache.put(token, verified);
        assertEquals(0, cache.cache().estimatedSize());
    }

    @Test
    void aTimeToLiveOfZeroKeepsNothing() {
        Clocks clocks = new Clocks();
        clocks.millis.set(System.currentTimeMillis());
        VerifiedTokens cache = new VerifiedTokens(
                10, Duration.ZERO, VerifiedTokens.Rules.of(verification(), SKEW), clocks, clocks.ticker);
        String token = tokenValidNow();
        cache.put(token, parsed(token));
        assertNull(cache.get(token));
        assertEquals(0, cache.cache().estimatedSize());
    }

    /**
     * The rules the cache applies on a hit are the verifier's, read from the same configuration:
     * around each boundary ({@code exp + skew}, {@code nbf - skew}, the token age) the real parser
     * and the rules agree on every token, at the same second of the real clock. With a skew that is
     * not smallrye-jwt's default, and with {@code mp.jwt.verify.token.age}, so that the numbers are
     * seen to come from the configuration.
     */
    @Test
    void theRulesAcceptExactlyWhatTheParserAccepts() {
        for (int skew : new int[] {SKEW, 7}) {
            for (Long tokenAge : new Long[] {null, 120L}) {
                JWTAuthContextInfo info = new JWTAuthContextInfo("jwt/public-key.pem", TestTokens.ISSUER);
                info.setClockSkew(skew);
                info.setTokenAge(tokenAge);
                agreeAtOneSecond(new DefaultJWTParser(info), VerifiedTokens.Rules.of(info, skew), skew, tokenAge);
            }
        }
    }

    private static void agreeAtOneSecond(DefaultJWTParser parser, VerifiedTokens.Rules rules, int skew, Long tokenAge) {
        for (int attempt = 0; attempt < 5; attempt++) {
            // Early in a second, so that signing and parsing a dozen tokens ends within it.
            while (System.currentTimeMillis() % 1000 > 200) {
                Thread.onSpinWait();
            }
            long now = System.currentTimeMillis() / 1000;
            List<Map<String, Object>> cases = new ArrayList<>();
            for (long d = -1; d <= 1; d++) {
                // exp around now - skew (iat before it: smallrye-jwt refuses iat after exp, at any time)
                cases.add(claims(now - skew - 100, now - skew + d, null));
                cases.add(claims(now - 10, now + 3600, now + skew + d)); // nbf around now + skew
                if (tokenAge != null) {
                    cases.add(claims(now - tokenAge + d, now + 3600, null)); // iat around now - age
                }
            }
            List<String> tokens = cases.stream().map(TestTokens::signed).toList();
            List<String> disagreements = new ArrayList<>();
            for (int i = 0; i < tokens.size(); i++) {
                boolean parserAccepts;
                try {
                    parser.parse(tokens.get(i));
                    parserAccepts = true;
                } catch (ParseException e) {
                    parserAccepts = false;
                }
                Map<String, Object> c = cases.get(i);
                VerifiedTokens.Times times =
                        new VerifiedTokens.Times((Long) c.get("exp"), (Long) c.get("nbf"), (Long) c.get("iat"));
                if (rules.accept(times, now) != parserAccepts) {
                    disagreements.add("skew " + skew + ", token age " + tokenAge + ", now " + now + ": " + c
                            + " parser " + parserAccepts);
                }
            }
            if (System.currentTimeMillis() / 1000 == now) {
                assertEquals(List.of(), disagreements);
                return;
            }
        }
        throw new AssertionError("could not sign and parse the cases within one second");
    }
}
