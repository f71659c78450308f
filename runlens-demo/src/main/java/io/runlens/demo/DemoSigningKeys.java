package io.runlens.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The RSA key pair the demo signs its printed token with, so that the demo hands out tokens without any key
 * configuration. It is kept in a file ({@code runlens.demo.signing-key-file}, readable by its owner only)
 * and read back on the next start, so a printed token keeps working across restarts until it expires. When
 * the file cannot be written or read, the pair lives in memory for this run only, and {@link #keptIn()} is
 * empty: the banner then says the token ends with the demo.
 */
record DemoSigningKeys(String publicKeyPem, String privateKeyPem, Optional<Path> keptIn) {

    /** Where the pair is kept unless {@code runlens.demo.signing-key-file} says otherwise. */
    static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".runlens", "demo-signing-key.pem");
    }

    private static final Logger LOG = Logger.getLogger(DemoSigningKeys.class);
    private static final String PUBLIC = "PUBLIC KEY";
    private static final String PRIVATE = "PRIVATE KEY";

    // Config may be built more than once per class loader; every build must see the same pair.
    private static DemoSigningKeys current;

    /** The pair kept in {@code file}: read if it is there, else made and written there. */
    static synchronized DemoSigningKeys kept(Path file) {
        if (current == null) {
            current = readOrCreate(file);
        }
        return current;
    }

    /** The pair this run uses, if the demo made one (not when the operator configured keys). */
    static synchronized Optional<DemoSigningKeys> current() {
        return Optional.ofNullable(current);
    }

    /** The smallrye-jwt keys: verify with the public key, sign demo tokens with the private one. */
    Map<String, String> asProperties() {
        return Map.of("mp.jwt.verify.publickey", publicKeyPem, "smallrye.jwt.sign.key", privateKeyPem);
    }

    private static DemoSigningKeys readOrCreate(Path file) {
        if (Files.exists(file)) {
            try {
                DemoSigningKeys read = parse(Files.readString(file, StandardCharsets.US_ASCII), file);
                LOG.debugf("Demo: signing key read from %s", file);
                return read;
            } catch (IOException | IllegalArgumentException | java.security.GeneralSecurityException e) {
                // Never overwrite a file we cannot read: it may be something the operator keeps.
                LOG.warnf(
                        "Demo: cannot use the signing key in %s (%s); this run's token ends when the demo stops."
                                + " Delete the file, or set runlens.demo.signing-key-file, to keep tokens across restarts",
                        file, e.getMessage());
                return generate(Optional.empty());
            }
        }
        DemoSigningKeys made = generate(Optional.of(file));
        try {
            write(made, file);
            LOG.infof("Demo: made a signing key for demo tokens and kept it in %s (owner-only)", file);
            return made;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warnf(
                    "Demo: cannot keep the signing key in %s (%s); this run's token ends when the demo stops",
                    file, e.toString());
            return new DemoSigningKeys(made.publicKeyPem, made.privateKeyPem, Optional.empty());
        }
    }

    // Written to a owner-only temporary file first and moved into place, so no reader ever sees a half key.
    private static void write(DemoSigningKeys keys, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        Path temporary = posix
                ? Files.createTempFile(
                        dir,
                        ".demo-signing-key",
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, ".demo-signing-key", ".tmp");
        try {
            Files.writeString(temporary, keys.privateKeyPem + keys.publicKeyPem, StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    static DemoSigningKeys parse(String text, Path file) throws java.security.GeneralSecurityException {
        String publicPem = block(text, PUBLIC);
        String privatePem = block(text, PRIVATE);
        // Both must decode, and be one pair: a public key that does not verify the private key's tokens is useless.
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        var publicKey =
                (java.security.interfaces.RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(der(publicPem)));
        var privateKey = (java.security.interfaces.RSAPrivateCrtKey)
                rsa.generatePrivate(new PKCS8EncodedKeySpec(der(privatePem)));
        if (!publicKey.getModulus().equals(privateKey.getModulus())) {
            throw new IllegalArgumentException("its public and private keys are not one pair");
        }
        return new DemoSigningKeys(publicPem, privatePem, Optional.of(file));
    }

    private static String block(String text, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end, Math.max(from, 0));
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException("no " + type + " block");
        }
        return text.substring(from, to + end.length()) + "\n";
    }

    private static byte[] der(String pem) {
        String body = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private static DemoSigningKeys generate(Optional<Path> keptIn) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new DemoSigningKeys(
                    pem(PUBLIC, pair.getPublic().getEncoded()),
                    pem(PRIVATE, pair.getPrivate().getEncoded()),
                    keptIn);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM cannot generate RSA keys", e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
