package io.runlens.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer JWTs that smallrye-jwt verified, so that a token sent again skips the RS256 check and the
 * parse. Kept by the SHA-256 of the token, never by the token; bounded by count; only accepted tokens
 * are ever put here, so every refusal still comes from the verifier, with its reason in the log.
 *
 * <p>A kept token is only served while the verifier would still accept it at this instant: on every
 * hit its {@code exp}, {@code nbf}, token age and {@code iat} are checked again with the very rules and
 * numbers the verifier applies ({@link Rules}), against the wall clock in whole seconds as jose4j reads
 * it. A token failing them is dropped and goes to the verifier, which refuses it. Caffeine also drops
 * an entry when its token is refused from then on, and at {@code time-to-live} whatever its {@code exp},
 * so that a new verification key holds for every token within that bound.
 */
final class VerifiedTokens {

    /**
     * The time rules a token passes at verification, with their numbers: smallrye-jwt's (jose4j's
     * {@code exp} and {@code nbf} with the allowed clock skew, {@code mp.jwt.verify.token.age} on
     * {@code iat}) and {@link JwtIdentityProvider}'s own check of a future {@code iat}.
     *
     * @param skewSeconds what jose4j allows on {@code exp} and {@code nbf}
     * @param tokenAgeSeconds {@code mp.jwt.verify.token.age}, or null when not set
     * @param iatSkewSeconds how far in the future {@code iat} may be ({@code mp.jwt.verify.clock.skew})
     */
    record Rules(long skewSeconds, Long tokenAgeSeconds, long iatSkewSeconds) {

        /**
         * The numbers smallrye-jwt's {@code DefaultJWTTokenParser} (4.6) gives jose4j: the expiration
         * grace if set, else the clock skew if positive, else none; note that its configuration leaves
         * the skew at 60 when {@code mp.jwt.verify.clock.skew} is 0.
         */
        static Rules of(JWTAuthContextInfo verification, long iatSkewSeconds) {
            long skew = verification.getExpGracePeriodSecs() > 0
                    ? verification.getExpGracePeriodSecs()
                    : Math.max(0, verification.getClockSkew());
            return new Rules(skew, verification.getTokenAge(), iatSkewSeconds);
        }

        /** Whether the verifier accepts a token of these times at {@code now} (epoch seconds). */
        boolean accept(Times times, long now) {
            // jose4j NumericDateValidator: refused when now - skew >= exp, or now + skew < nbf.
            if (saturatedAdd(now, -skewSeconds) >= times.exp()) {
                return false;
            }
            if (times.nbf() != null && saturatedAdd(now, skewSeconds) < times.nbf()) {
                return false;
            }
            if (times.iat() != null) {
                // smallrye-jwt: refused when now - iat > token age. Runlens: refused when iat > now + skew.
                if (tokenAgeSeconds != null && saturatedAdd(now, -times.iat()) > tokenAgeSeconds) {
                    return false;
                }
                if (times.iat() > saturatedAdd(now, iatSkewSeconds)) {
                    return false;
                }
            }
            return true;
        }

        /** The first second from which the verifier refuses the token for good ({@code exp} or token age). */
        long refusedFrom(Times times) {
            long refused = saturatedAdd(times.exp(), skewSeconds);
            if (tokenAgeSeconds != null && times.iat() != null) {
                refused = Math.min(refused, saturatedAdd(saturatedAdd(times.iat(), tokenAgeSeconds), 1));
            }
            return refused;
        }
    }

    /** A token's time claims in epoch seconds, as smallrye-jwt's principal holds them ({@code nbf}, {@code iat} optional). */
    record Times(long exp, Long nbf, Long iat) {

        static Times of(JsonWebToken token) {
            return new Times(
                    token.getExpirationTime(),
                    seconds(token.getClaim(Claims.nbf.name())),
                    seconds(token.getClaim(Claims.iat.name())));
        }

        private static Long seconds(Object claim) {
            return claim instanceof Number number ? number.longValue() : null;
        }
    }

    private record Entry(JsonWebToken token, Times times, long refusedFromMillis) {}

    private final Supplier<Rules> rulesSource;
    private volatile Rules rules;
    private final Clock clock;
    private final long timeToLiveNanos;
    private final Cache<String, Entry> tokens;

    /**
     * @param clock the wall clock the rules are read against (the verifier's: {@link System#currentTimeMillis()})
     * @param ticker Caffeine's clock for expiry (the system's nano time)
     */
    VerifiedTokens(int maximumEntries, Duration timeToLive, Rules rules, Clock clock, Ticker ticker) {
        this(maximumEntries, timeToLive, () -> rules, clock, ticker);
    }

    /**
     * With the rules read when first needed, once a token has verified: smallrye-jwt reads the
     * verification key when it makes its configuration ({@link JWTAuthContextInfo}), and a key that
     * cannot be read must fail the verification (a 503), not the making of the provider (a 500).
     */
    VerifiedTokens(int maximumEntries, Duration timeToLive, Supplier<Rules> rules, Clock clock, Ticker ticker) {
        this.rulesSource = rules;
        this.clock = clock;
        this.timeToLiveNanos = timeToLive.toNanos();
        this.tokens = Caffeine.newBuilder()
                .maximumSize(maximumEntries)
                .expireAfter(Expiry.writing((String digest, Entry entry) -> lifetime(entry)))
                .ticker(ticker)
                .recordStats()
                .build();
    }

    /** Whether anything is kept at all ({@code time-to-live} above zero). */
    boolean enabled() {
        return timeToLiveNanos > 0;
    }

    /** The verified token {@code token}, if it was kept and the verifier would accept it now; else null. */
    JsonWebToken get(String token) {
        if (!enabled()) {
            return null;
        }
        String digest = digest(token);
        Entry entry = tokens.getIfPresent(digest);
        if (entry == null) {
            return null;
        }
        if (!rules().accept(entry.times(), nowSeconds())) {
            tokens.invalidate(digest);
            return null;
        }
        return entry.token();
    }

    /** Keeps {@code verified}, which the verifier has just accepted as {@code token}. */
    void put(String token, JsonWebToken verified) {
        if (!enabled()) {
            return;
        }
        Times times = Times.of(verified);
        Rules rules = rules();
        if (!rules.accept(times, nowSeconds())) {
            return;
        }
        long refusedFromMillis = saturatedMultiply(rules.refusedFrom(times), 1000);
        tokens.put(digest(token), new Entry(verified, times, refusedFromMillis));
    }

    // Read once; reading twice at once is harmless, the numbers are the same.
    private Rules rules() {
        Rules read = rules;
        if (read == null) {
            read = rulesSource.get();
            rules = read;
        }
        return read;
    }

    /** The cache, for its meters. */
    Cache<String, ?> cache() {
        return tokens;
    }

    // Until the token is refused for good, and never longer than the time to live.
    private Duration lifetime(Entry entry) {
        long untilRefusedMillis = entry.refusedFromMillis() - clock.millis();
        long untilRefusedNanos = untilRefusedMillis <= 0 ? 0 : saturatedMultiply(untilRefusedMillis, 1_000_000);
        return Duration.ofNanos(Math.min(timeToLiveNanos, untilRefusedNanos));
    }

    // jose4j's NumericDate.now(): System.currentTimeMillis() / 1000.
    private long nowSeconds() {
        return Math.floorDiv(clock.millis(), 1000);
    }

    /** Hex SHA-256 of the token: the key, so that memory never holds a token as a key. */
    static String digest(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    // jose4j's Maths.add and subtract saturate instead of wrapping: so do these.
    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
            return low;
        }
        return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
}
