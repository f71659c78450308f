package io.runlens.auth;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.runlens.keys.ApiKeys;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where a request's credential is, and the one rule for finding it: an {@code Authorization} header,
 * if the request has one, alone decides (a cookie is ambient, sent by the browser on its own, while
 * the header is what the client chose for this request); otherwise the auth cookie. Ambiguity is
 * refused, never resolved by picking one: two Authorization headers, two different auth cookies.
 */
public final class BearerCredentials {

    /** RFC 9110 §11.1 and RFC 6750 §2.1: the scheme in any case, one or more spaces, a token68. */
    private static final Pattern BEARER = Pattern.compile("(?i:bearer) +([A-Za-z0-9._~+/-]+=*)");

    private static final Pattern TOKEN68 = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

    /** Where a credential came from. */
    public enum Source {
        HEADER,
        COOKIE
    }

    /** A credential as the request presented it. */
    public record Presented(String token, Source source) {
        public boolean isApiKey() {
            return token.startsWith(ApiKeys.PREFIX);
        }

        // Never print the credential, whatever logs a record.
        @Override
        public String toString() {
            return "Presented[" + source + ", " + token.length() + " characters]";
        }
    }

    private BearerCredentials() {}

    /**
     * The request's credential, empty when it has none.
     *
     * @throws io.quarkus.security.AuthenticationFailedException when the request carries credentials in a way that is refused
     */
    public static Optional<Presented> of(HttpServerRequest request, String cookieName) {
        List<String> headers = request.headers().getAll("Authorization");
        if (headers.size() > 1) {
            throw CredentialRejection.because("send one Authorization header, not several");
        }
        if (headers.size() == 1) {
            Matcher bearer = BEARER.matcher(headers.get(0).strip());
            if (!bearer.matches()) {
                throw CredentialRejection.because("the Authorization header must be 'Bearer' followed by one token");
            }
            return Optional.of(new Presented(bearer.group(1), Source.HEADER));
        }
        // Decoded here, not through Vert.x's cookie map: that keeps one cookie of each name and hides a second.
        Set<String> cookies = request.headers().getAll("Cookie").stream()
                .flatMap(header -> ServerCookieDecoder.STRICT.decodeAll(header).stream())
                .filter(cookie -> cookie.name().equals(cookieName))
                .map(Cookie::value)
                .filter(value -> value != null && !value.isEmpty())
                .collect(Collectors.toSet());
        if (cookies.size() > 1) {
            throw CredentialRejection.because("send one " + cookieName + " cookie, not several");
        }
        if (cookies.isEmpty()) {
            return Optional.empty();
        }
        String token = cookies.iterator().next();
        if (!TOKEN68.matcher(token).matches()) {
            throw CredentialRejection.because("the " + cookieName + " cookie does not hold a bearer token");
        }
        Presented presented = new Presented(token, Source.COOKIE);
        if (presented.isApiKey()) {
            throw CredentialRejection.because("API keys are accepted only in the Authorization header");
        }
        return Optional.of(presented);
    }
}
