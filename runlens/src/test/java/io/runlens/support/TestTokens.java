package io.runlens.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/** Bearer tokens for tests, signed with the keys in src/test/resources/jwt. */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.runlens.test";

    private TestTokens() {}

    /** A valid token for a user of {@code organization}. */
    public static String forOrganization(String organization) {
        return Jwt.issuer(ISSUER)
                .subject("user-1")
                .claim("org_id", organization)
                .expiresIn(Duration.ofHours(1))
                .sign();
    }

    /** A valid token for an administrator of {@code organization} (role runlens-admin, from {@code groups}). */
    public static String adminOf(String organization) {
        return Jwt.issuer(ISSUER)
                .subject("admin-1")
                .claim("org_id", organization)
                .groups("runlens-admin")
                .expiresIn(Duration.ofHours(1))
                .sign();
    }

    /** A valid token for a user of {@code organization} with these roles ({@code groups}). */
    public static String withRoles(String organization, String... roles) {
        return Jwt.issuer(ISSUER)
                .subject("user-2")
                .claim("org_id", organization)
                .groups(java.util.Set.of(roles))
                .expiresIn(Duration.ofHours(1))
                .sign();
    }

    public static String expired(String organization) {
        Instant issued = Instant.now().minus(Duration.ofHours(3));
        return Jwt.issuer(ISSUER)
                .subject("user-1")
                .claim("org_id", organization)
                .issuedAt(issued)
                .expiresAt(issued.plus(Duration.ofHours(1)))
                .sign();
    }

    public static String wrongIssuer(String organization) {
        return Jwt.issuer("https://somebody-else.example")
                .subject("user-1")
                .claim("org_id", organization)
                .expiresIn(Duration.ofHours(1))
                .sign();
    }

    /** Well formed and unexpired, but signed by a key the service does not trust. */
    public static String signedByOtherKey(String organization) {
        return Jwt.issuer(ISSUER)
                .subject("user-1")
                .claim("org_id", organization)
                .expiresIn(Duration.ofHours(1))
                .sign(otherKey());
    }

    public static String withoutOrganization() {
        return Jwt.issuer(ISSUER)
                .subject("user-1")
                .expiresIn(Duration.ofHours(1))
                .sign();
    }

    /** An unsigned token ({@code alg: none}) carrying otherwise valid claims. */
    public static String unsigned(String organization) {
        long exp = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
        String header = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"user-1\",\"org_id\":\"" + organization + "\",\"exp\":"
                + exp + ",\"iat\":" + Instant.now().getEpochSecond() + "}";
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

    /**
     * The claims of a valid token for {@code organization} (issuer, subject, organization, {@code iat}
     * now, {@code exp} in an hour), to change before {@link #signed}.
     */
    public static Map<String, Object> validClaims(String organization) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", "user-1");
        claims.put("org_id", organization);
        claims.put("iat", now);
        claims.put("exp", now + 3600);
        return claims;
    }

    /** {@code claims} signed RS256 with the trusted key, with nothing added: no default {@code exp} or {@code iat}. */
    public static String signed(Map<String, Object> claims) {
        return jws(claims, AlgorithmIdentifiers.RSA_USING_SHA256, trustedKey());
    }

    /**
     * The key-confusion attack: valid claims signed HS256 with the bytes of the service's RSA public
     * key (as the PEM text, or its DER body) as the HMAC secret, hoping the verifier uses the key it
     * holds for whatever algorithm the token names.
     */
    public static String hmacWithPublicKey(String organization, boolean pemText) {
        return jws(validClaims(organization), AlgorithmIdentifiers.HMAC_SHA256, new HmacKey(publicKeyBytes(pemText)));
    }

    /** The service's public key as an attacker has it: the PEM file's text, or the DER bytes inside. */
    public static byte[] publicKeyBytes(boolean pemText) {
        byte[] pem = resource("jwt/public-key.pem");
        return pemText
                ? pem
                : Base64.getMimeDecoder()
                        .decode(new String(pem, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", ""));
    }

    private static String jws(Map<String, Object> claims, String algorithm, Key key) {
        JwtClaims body = new JwtClaims();
        claims.forEach(body::setClaim);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(body.toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setHeader("typ", "JWT");
        jws.setKey(key);
        // jose4j refuses HMAC keys shorter than the hash by default; an attacker's key is whatever it is.
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }

    private static PrivateKey trustedKey() {
        try {
            return KeyUtils.readPrivateKey("jwt/private-key.pem");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the test's signing key", e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }
}
