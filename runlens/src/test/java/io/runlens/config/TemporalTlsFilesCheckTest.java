package io.runlens.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Temporal TLS certificate or key Runlens cannot use stops the start, naming the setting (issue 18:
 * before, an inline PEM or a PKCS#1 key started fine and then every Temporal call failed unexplained).
 * The files are the test CA's real certificates and keys from src/test/resources/tls.
 */
class TemporalTlsFilesCheckTest {

    @TempDir
    Path dir;

    private static String file(String name) {
        return Path.of("src/test/resources/tls", name).toAbsolutePath().toString();
    }

    private static List<String> problems(Map<String, String> properties) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withMapping(RunlensConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500));
        new RunlensConfigChecks().configBuilder(builder);
        List<String> problems = new ArrayList<>();
        try {
            builder.build();
        } catch (ConfigValidationException failure) {
            for (int i = 0; i < failure.getProblemCount(); i++) {
                problems.add(failure.getProblem(i).getMessage());
            }
        }
        return problems;
    }

    @Test
    void aMatchingCertificateKeyAndCaPass() {
        assertEquals(
                List.of(),
                problems(Map.of(
                        "runlens.temporal.tls.client-cert", file("client.pem"),
                        "runlens.temporal.tls.client-key", file("client.key"),
                        "runlens.temporal.tls.server-ca", file("ca.pem"))));
    }

    @Test
    void inlinePemWhereAPathIsExpectedIsNamed() throws IOException {
        String pem = Files.readString(Path.of(file("ca.pem")));
        assertEquals(
                List.of("runlens.temporal.tls.server-ca takes the path of a PEM file, not the PEM text itself: write it"
                        + " to a file (e.g. a mounted Secret) and give its path"),
                problems(Map.of("runlens.temporal.tls.server-ca", pem)));
    }

    @Test
    void anUnreadableFileIsNamed() {
        String missing = dir.resolve("nope.pem").toString();
        assertEquals(
                List.of("runlens.temporal.tls.server-ca names no readable file (was " + missing + ")"),
                problems(Map.of("runlens.temporal.tls.server-ca", missing)));
    }

    @Test
    void aPkcs1KeyIsRefusedWithTheConversionCommand() throws IOException {
        // The header is what tells PKCS#1 apart; the gRPC client refuses such a file whatever its body.
        String pkcs8 = Files.readString(Path.of(file("client.key")));
        Path pkcs1 = dir.resolve("client-rsa.key");
        Files.writeString(
                pkcs1,
                pkcs8.replace("BEGIN PRIVATE KEY", "BEGIN RSA PRIVATE KEY")
                        .replace("END PRIVATE KEY", "END RSA PRIVATE KEY"),
                StandardCharsets.US_ASCII);
        assertEquals(
                List.of("runlens.temporal.tls.client-key holds a PKCS#1/SEC1 key (BEGIN RSA/EC PRIVATE KEY); the gRPC"
                        + " client reads PKCS#8 only: convert it with"
                        + " `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem`"),
                problems(Map.of(
                        "runlens.temporal.tls.client-cert", file("client.pem"),
                        "runlens.temporal.tls.client-key", pkcs1.toString())));
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsNamed() {
        assertEquals(
                List.of("runlens.temporal.tls.client-key is not the private key of the certificate in"
                        + " runlens.temporal.tls.client-cert"),
                problems(Map.of(
                        "runlens.temporal.tls.client-cert", file("client.pem"),
                        "runlens.temporal.tls.client-key", file("server.key"))));
    }

    @Test
    void aCertificateWithoutItsKeyAndAKeyFileHoldingACertificateAreNamed() {
        assertEquals(
                List.of("runlens.temporal.tls.client-cert and runlens.temporal.tls.client-key must be given together"
                        + " (mutual TLS needs both)"),
                problems(Map.of("runlens.temporal.tls.client-cert", file("client.pem"))));
        assertEquals(
                List.of("runlens.temporal.tls.client-key holds no PEM private key (-----BEGIN PRIVATE KEY-----)"),
                problems(Map.of(
                        "runlens.temporal.tls.client-cert", file("client.pem"),
                        "runlens.temporal.tls.client-key", file("client.pem"))));
    }

    @Test
    void aNamespacesOwnConnectionIsCheckedUnderItsOwnName() {
        assertEquals(
                List.of(
                        "runlens.temporal.namespaces.\"tenant-a\".target must not be blank",
                        "runlens.temporal.namespaces.\"tenant-a\".tls.client-key is not the private key of the"
                                + " certificate in runlens.temporal.namespaces.\"tenant-a\".tls.client-cert"),
                problems(Map.of(
                        "runlens.temporal.namespaces.\"tenant-a\".target", " ",
                        "runlens.temporal.namespaces.\"tenant-a\".tls.client-cert", file("client.pem"),
                        "runlens.temporal.namespaces.\"tenant-a\".tls.client-key", file("server.key"))));
    }
}
