package io.runlens.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where the tests' PostgreSQL is. {@link TestDatabaseSession} decides it once per test JVM, before
 * the first test: the configured address ({@code runlens.db.host} / {@code runlens.db.port} as a
 * system property or environment variable, {@code RUNLENS_DB_HOST} / {@code RUNLENS_DB_PORT}; 127.0.0.1:5432
 * otherwise) when it answers, else an embedded PostgreSQL. It keeps the answer in system properties of
 * its own ({@code io.runlens.test.db.*}: under {@code runlens.*} they would be settings Runlens does not know), which no test profile overrides, and {@link TestDatabaseConfigSource}
 * gives it to every application the tests start. Stateless on purpose: each {@code @QuarkusTest}
 * application loads its own copy of this class, and all of them must find the one database of the JVM.
 */
public final class TestDatabase {

    /** The address the tests use, set by {@link TestDatabaseSession}. */
    static final String HOST = "io.runlens.test.db.host";

    static final String PORT = "io.runlens.test.db.port";

    private TestDatabase() {}

    public static String host() {
        String chosen = System.getProperty(HOST);
        return chosen != null ? chosen : configuredHost();
    }

    public static int port() {
        String chosen = System.getProperty(PORT);
        return chosen != null ? Integer.parseInt(chosen) : configuredPort();
    }

    /** Where the tests are told PostgreSQL is, whether or not it answers there. */
    static String configuredHost() {
        return setting("runlens.db.host", "RUNLENS_DB_HOST", "127.0.0.1");
    }

    static int configuredPort() {
        return Integer.parseInt(setting("runlens.db.port", "RUNLENS_DB_PORT", "5432"));
    }

    /** The user the tests log in as: trust authentication locally, so no password by default. */
    public static String user() {
        return setting("quarkus.datasource.username", "QUARKUS_DATASOURCE_USERNAME", "postgres");
    }

    public static String password() {
        return setting("quarkus.datasource.password", "QUARKUS_DATASOURCE_PASSWORD", "");
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port() + "/postgres";
    }

    /**
     * A JDBC connection to the {@code postgres} database. The driver itself, not DriverManager: which
     * drivers DriverManager sees depends on the class loader.
     */
    public static Connection connect() throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", user());
        login.setProperty("password", password());
        return new org.postgresql.Driver().connect(jdbcUrl(), login);
    }

    private static String setting(String property, String variable, String otherwise) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? otherwise : value;
    }
}
