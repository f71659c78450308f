package io.runlens.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Checks of the PEM files named by the Temporal TLS settings, run with the other configuration checks
 * so that a certificate or key Runlens cannot use stops the start with the setting's name, instead of
 * surfacing later as a failed Temporal call. The gRPC client (Netty) reads PKCS#8 keys only.
 */
final class PemFiles {

    private static final String PKCS8_CONVERSION = "openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem";
    private static final byte[] PROBE = "runlens certificate and key pairing".getBytes(StandardCharsets.US_ASCII);

    private PemFiles() {}

    /**
     * The problems of the files of one connection's {@code tls.*} settings, one message each naming the
     * setting ({@code prefix} is the connection's, e.g. {@code runlens.temporal}).
     */
    static void check(String prefix, TemporalConfig.Tls tls, List<String> problems) {
        String certKey = prefix + ".tls.client-cert";
        String keyKey = prefix + ".tls.client-key";
        if (tls.clientCert().isPresent() != tls.clientKey().isPresent()) {
            problems.add(certKey + " and " + keyKey + " must be given together (mutual TLS needs both)");
        }
        Optional<String> cert = read(certKey, tls.clientCert(), problems);
        Optional<String> key = read(keyKey, tls.clientKey(), problems);
        Optional<String> ca = read(prefix + ".tls.server-ca", tls.serverCa(), problems);
        Optional<X509Certificate> certificate = cert.flatMap(text -> certificate(certKey, text, problems));
        ca.ifPresent(text -> certificate(prefix + ".tls.server-ca", text, problems));
        Optional<PrivateKey> privateKey = key.flatMap(text -> privateKey(keyKey, text, problems));
        if (certificate.isPresent() && privateKey.isPresent() && !pairs(certificate.get(), privateKey.get())) {
            problems.add(keyKey + " is not the private key of the certificate in " + certKey);
        }
    }

    private static Optional<String> read(String key, Optional<String> value, List<String> problems) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String path = value.get();
        if (path.stripLeading().startsWith("-----BEGIN")) {
            problems.add(key + " takes the path of a PEM file, not the PEM text itself: write it to a file (e.g. a"
                    + " mounted Secret) and give its path");
            return Optional.empty();
        }
        try {
            Path file = Path.of(path);
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                problems.add(key + " names no readable file (was " + path + ")");
                return Optional.empty();
            }
            return Optional.of(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            problems.add(key + " cannot be read (was " + path + "): " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<X509Certificate> certificate(String key, String text, List<String> problems) {
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            problems.add(key + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
            return Optional.empty();
        }
        try {
            return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))));
        } catch (GeneralSecurityException | RuntimeException e) {
            problems.add(key + " holds a certificate that cannot be parsed: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<PrivateKey> privateKey(String key, String text, List<String> problems) {
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
            problems.add(key + " holds a PKCS#1/SEC1 key (BEGIN RSA/EC PRIVATE KEY); the gRPC client reads PKCS#8"
                    + " only: convert it with `" + PKCS8_CONVERSION + "`");
            return Optional.empty();
        }
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            problems.add(key + " holds an encrypted key; give an unencrypted PKCS#8 key (`" + PKCS8_CONVERSION + "`)");
            return Optional.empty();
        }
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            problems.add(key + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
            return Optional.empty();
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        } catch (IllegalArgumentException e) {
            problems.add(key + " holds a private key that is not valid base64");
            return Optional.empty();
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return Optional.of(KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der)));
            } catch (GeneralSecurityException | RuntimeException e) {
                // try the next algorithm
            }
        }
        problems.add(key + " holds a private key of no supported algorithm (RSA, EC, Ed25519, Ed448)");
        return Optional.empty();
    }

    /** Whether {@code key} signs what {@code certificate}'s public key verifies. */
    private static boolean pairs(X509Certificate certificate, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
