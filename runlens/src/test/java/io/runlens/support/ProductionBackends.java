package io.runlens.support;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the packaged production jar needs to start and answer in the {@code *IT} tier: the in-process
 * Temporal service (with a worker running the test workflows), the tests' PostgreSQL in a schema of its
 * own, and the tests' JWT key, given as the configuration an operator would give it.
 */
public class ProductionBackends extends TemporalTestService {

    /**
     * The schema the production jar migrates and reads in the integration tests: the unit tiers'
     * {@code RUNLENS_TEST_SCHEMA} with {@code _it} after it, so two checkouts can run side by side.
     */
    public static final String SCHEMA = System.getenv().getOrDefault("RUNLENS_TEST_SCHEMA", "runlens_test") + "_it";

    private static volatile int managementPort;

    /** The port the jar's management interface (health, metrics) listens on. */
    public static int managementPort() {
        return managementPort;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        // The jar is a process of its own: it learns where the tests' PostgreSQL is (maybe embedded) from here.
        config.put("runlens.db.host", TestDatabase.host());
        config.put("runlens.db.port", String.valueOf(TestDatabase.port()));
        config.put("runlens.db.schema", SCHEMA);
        config.put("mp.jwt.verify.publickey.location", resource("jwt/public-key.pem"));
        config.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
        managementPort = freePort();
        config.put("quarkus.management.port", String.valueOf(managementPort));
        config.put("quarkus.management.test-port", String.valueOf(managementPort));
        return config;
    }

    private static String resource(String name) {
        try {
            return Path.of(ProductionBackends.class
                            .getClassLoader()
                            .getResource(name)
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
