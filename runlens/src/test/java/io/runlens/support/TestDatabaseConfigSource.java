package io.runlens.support;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Points every application the tests start at the tests' PostgreSQL ({@link TestDatabase}), embedded or
 * not. Ordinal 350: above the environment, so a {@code RUNLENS_DB_PORT} where nothing answers (how CI
 * simulates a machine without PostgreSQL) is replaced by the embedded database; below a test resource's
 * configuration (399) and a test profile's overrides (system properties, 400), so a test that points
 * one application at a proxy or a closed port still does. Empty until {@link TestDatabaseSession} has
 * decided, and outside a test run.
 */
public class TestDatabaseConfigSource implements ConfigSource {

    static final int ORDINAL = 350;

    private static final String HOST = "runlens.db.host";
    private static final String PORT = "runlens.db.port";

    @Override
    public Set<String> getPropertyNames() {
        return System.getProperty(TestDatabase.HOST) == null ? Set.of() : Set.of(HOST, PORT);
    }

    @Override
    public Map<String, String> getProperties() {
        String host = System.getProperty(TestDatabase.HOST);
        String port = System.getProperty(TestDatabase.PORT);
        return host == null || port == null ? Map.of() : Map.of(HOST, host, PORT, port);
    }

    @Override
    public String getValue(String name) {
        return getProperties().get(name);
    }

    @Override
    public String getName() {
        return "runlens tests' PostgreSQL";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
