package io.runlens.demo;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/** An RSA key pair made at start-up so that the demo can hand out tokens without any key files. */
record DemoSigningKeys(String publicKeyPem, String privateKeyPem) {

    // Config may be built more than once per class loader; every build must see the same pair.
    private static DemoSigningKeys generated;

    static synchronized DemoSigningKeys generated() {
        if (generated == null) {
            generated = generate();
        }
        return generated;
    }

    /** The smallrye-jwt keys: verify with the public key, sign demo tokens with the private one. */
    Map<String, String> asProperties() {
        return Map.of("mp.jwt.verify.publickey", publicKeyPem, "smallrye.jwt.sign.key", privateKeyPem);
    }

    private static DemoSigningKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new DemoSigningKeys(
                    pem("PUBLIC KEY", pair.getPublic().getEncoded()),
                    pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM cannot generate RSA keys", e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
