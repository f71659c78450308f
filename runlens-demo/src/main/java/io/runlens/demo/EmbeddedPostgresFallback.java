package io.runlens.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.jboss.logging.Logger;

/**
 * A throw-away PostgreSQL for the demo when none answers at the configured address, so that the
 * demo runs on a machine that has only a JVM. Its data lives in a temporary directory and goes
 * away when it stops.
 */
final class EmbeddedPostgresFallback {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresFallback.class);
    private static final int PROBE_TIMEOUT_MILLIS = 500;

    // One per class loader: configuration can be built more than once, the database starts once.
    private static EmbeddedPostgres running;

    private EmbeddedPostgresFallback() {}

    /** Whether something accepts TCP connections at {@code host:port}. */
    static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MILLIS);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Starts the embedded database unless it runs already; returns the port it listens on (on localhost). */
    static synchronized int start(String unreachable) {
        if (running == null) {
            LOG.infof("No PostgreSQL answers at %s: starting an embedded PostgreSQL for the demo", unreachable);
            try {
                running = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the demo's embedded PostgreSQL", e);
            }
            // No hook of our own: zonky's JVM shutdown hook already covers a start-up that fails before ShutdownEvent.
            LOG.infof("Embedded PostgreSQL listens on localhost:%d", running.getPort());
        }
        return running.getPort();
    }

    static synchronized boolean isRunning() {
        return running != null;
    }

    /** Stops the embedded database if this class loader started one; safe to call twice. */
    static synchronized void stop() {
        if (running == null) {
            return;
        }
        try {
            running.close();
            LOG.info("Embedded PostgreSQL stopped");
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        } finally {
            running = null;
        }
    }
}
