package io.runlens.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which profiles get generated JWT keys, and that the keys are a working pair that real config overrides. */
class DemoConfigSourceFactoryTest {

    @Test
    void theDemoProfileGetsAKeyPairThatSignsAndVerifies() throws Exception {
        SmallRyeConfig config = config("demo", Map.of());
        PrivateKey privateKey = KeyUtils.decodePrivateKey(config.getValue("smallrye.jwt.sign.key", String.class));
        PublicKey publicKey = KeyUtils.decodePublicKey(config.getValue("mp.jwt.verify.publickey", String.class));

        byte[] claims = "{\"org_id\":\"demo\"}".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(privateKey);
        signer.update(claims);
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update(claims);
        assertTrue(verifier.verify(signer.sign()));
    }

    @Test
    void devModeGetsTheSameKeysAsEveryOtherConfigBuildInThisJvm() {
        assertEquals(
                config("demo", Map.of()).getValue("mp.jwt.verify.publickey", String.class),
                config("dev", Map.of()).getValue("mp.jwt.verify.publickey", String.class));
    }

    @Test
    void aConfiguredPublicKeyTurnsTheGeneratedPairOff() {
        SmallRyeConfig config = config("demo", Map.of("mp.jwt.verify.publickey.location", "keys/public.pem"));
        assertFalse(
                config.getOptionalValue("mp.jwt.verify.publickey", String.class).isPresent());
        assertFalse(
                config.getOptionalValue("smallrye.jwt.sign.key", String.class).isPresent());
    }

    @Test
    void aConfiguredValueWinsOverTheGeneratedOne() {
        SmallRyeConfig config = config("demo", Map.of("smallrye.jwt.sign.key", "configured-key"));
        assertEquals("configured-key", config.getValue("smallrye.jwt.sign.key", String.class));
    }

    @Test
    void productionAndTestsGetNoGeneratedKeys() {
        assertFalse(config("prod", Map.of())
                .getOptionalValue("mp.jwt.verify.publickey", String.class)
                .isPresent());
        assertFalse(config("test", Map.of())
                .getOptionalValue("smallrye.jwt.sign.key", String.class)
                .isPresent());
    }

    // runlens.demo.enabled is off here, so the factory never probes for or starts a database.
    private static SmallRyeConfig config(String profile, Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(properties, "test properties", 250))
                .withSources(new DemoConfigSourceFactory())
                .build();
    }
}
