package io.runlens.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/** Bearer tokens for tests, signed with the keys in src/test/resources/jwt. */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.runlens.test";

    private TestTokens() {
    }

    /** A valid token for a user of {@code organization}. */
    public static String forOrganization(String organization) {
        return Jwt.issuer(ISSUER).subject("user-1").claim("org_id", organization).expiresIn(Duration.ofHours(1)).sign();
    }

    /** A valid token for an administrator of {@code organization} (role runlens-admin, from {@code groups}). */
    public static String adminOf(String organization) {
        return Jwt.issuer(ISSUER).subject("admin-1").claim("org_id", organization).groups("runlens-admin")
                .expiresIn(Duration.ofHours(1)).sign();
    }

    /** A valid token for a user of {@code organization} with these roles ({@code groups}). */
    public static String withRoles(String organization, String... roles) {
        return Jwt.issuer(ISSUER).subject("user-2").claim("org_id", organization).groups(java.util.Set.of(roles))
                .expiresIn(Duration.ofHours(1)).sign();
    }

    public static String expired(String organization) {
        Instant issued = Instant.now().minus(Duration.ofHours(3));
        return Jwt.issuer(ISSUER).subject("user-1").claim("org_id", organization).issuedAt(issued)
                .expiresAt(issued.plus(Duration.ofHours(1))).sign();
    }

    public static String wrongIssuer(String organization) {
        return Jwt.issuer("https://somebody-else.example").subject("user-1").claim("org_id", organization)
                .expiresIn(Duration.ofHours(1)).sign();
    }

    /** Well formed and unexpired, but signed by a key the service does not trust. */
    public static String signedByOtherKey(String organization) {
        return Jwt.issuer(ISSUER).subject("user-1").claim("org_id", organization).expiresIn(Duration.ofHours(1))
                .sign(otherKey());
    }

    public static String withoutOrganization() {
        return Jwt.issuer(ISSUER).subject("user-1").expiresIn(Duration.ofHours(1)).sign();
    }

    /** An unsigned token ({@code alg: none}) carrying otherwise valid claims. */
    public static String unsigned(String organization) {
        long exp = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
        String header = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"user-1\",\"org_id\":\"" + organization + "\",\"exp\":" + exp
                + ",\"iat\":" + Instant.now().getEpochSecond() + "}";
        return base64(header) + "." + base64(claims) + ".";
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static PrivateKey otherKey() {
        try {
            return KeyUtils.readPrivateKey("jwt/other-private-key.pem");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the test's second signing key", e);
        }
    }
}
