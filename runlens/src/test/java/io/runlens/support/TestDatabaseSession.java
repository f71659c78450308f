package io.runlens.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Gives a test JVM a PostgreSQL before its first test: the configured one ({@link TestDatabase}) when
 * it accepts connections, otherwise an embedded PostgreSQL (zonky), started once for the JVM and
 * stopped when its tests end. Every path then finds the same database: the applications' reactive
 * client and migrations (and so {@link TestDataSource}) through {@link TestDatabaseConfigSource}, and
 * {@link TestDatabase} for the rest. Registered with JUnit through {@code META-INF/services}, so the
 * demo's tests, which use this test jar, get it too.
 */
public class TestDatabaseSession implements LauncherSessionListener {

    private static final int PROBE_TIMEOUT_MILLIS = 500;

    // initdb's and the server's start-up chatter (40 INFO lines) before any application has configured logging;
    // held here because java.util.logging keeps only weak references to its loggers.
    private static final Logger ZONKY = Logger.getLogger("io.zonky.test.db.postgres");

    private EmbeddedPostgres embedded;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String host = TestDatabase.configuredHost();
        int port = TestDatabase.configuredPort();
        if (answers(host, port)) {
            use(host, port);
            say("tests use the PostgreSQL at " + host + ":" + port);
            return;
        }
        say("no PostgreSQL answers at " + host + ":" + port + "; starting an embedded PostgreSQL for this JVM's tests");
        ZONKY.setLevel(Level.WARNING);
        long started = System.nanoTime();
        try {
            embedded = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the tests' embedded PostgreSQL", e);
        }
        use("localhost", embedded.getPort());
        say("embedded PostgreSQL listens on localhost:" + embedded.getPort() + " (started in "
                + (System.nanoTime() - started) / 1_000_000 + " ms)");
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        System.clearProperty(TestDatabase.HOST);
        System.clearProperty(TestDatabase.PORT);
        if (embedded == null) {
            return;
        }
        try {
            embedded.close();
        } catch (IOException e) {
            say("the embedded PostgreSQL did not stop cleanly: " + e);
        } finally {
            embedded = null;
        }
    }

    private static void use(String host, int port) {
        System.setProperty(TestDatabase.HOST, host);
        System.setProperty(TestDatabase.PORT, Integer.toString(port));
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MILLIS);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    // Before any logging is set up, and in every module's output: the first lines of a run say where its database is.
    private static void say(String line) {
        System.out.println("[runlens tests] " + line);
    }
}
