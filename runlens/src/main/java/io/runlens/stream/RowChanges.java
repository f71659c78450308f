package io.runlens.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.runlens.config.RunlensConfig;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.jboss.logging.Logger;

/**
 * Execution row changes as PostgreSQL pushes them: the trigger of migration V6 (or the platform's own,
 * see docs/operations.md) runs {@code pg_notify('runlens_execution', ...)} with the row's id and
 * organization on every INSERT and UPDATE, and one connection of this instance LISTENs to that channel.
 * That connection is borrowed from the reactive pool and kept, so it is made exactly as the pool makes
 * its connections (URL, credentials, TLS and trust settings, additional properties), and it is taken
 * again, after a short pause growing to 30 s, whenever PostgreSQL or the network closes it. Whoever
 * waits for an execution (a held request, an open stream) registers a callback for its id and is called
 * on the listening connection's event loop; it hops to its own context.
 *
 * <p>{@link #pushed()} says whether changes can be trusted to arrive: false when
 * {@code runlens.poll.notifications=false} or while the listening connection is down, and then
 * waiters re-read the row every {@code runlens.poll.reread-interval}. Notifications that may have
 * been missed while it was down are made up for by calling every callback once it listens again.
 */
@ApplicationScoped
public class RowChanges {

    /** The channel the trigger notifies. */
    public static final String CHANNEL = "runlens_execution";

    private static final Logger LOG = Logger.getLogger(RowChanges.class);
    private static final long MAX_RECONNECT_DELAY_MS = 30_000;

    private final Vertx vertx;
    private final RunlensConfig config;
    private final ObjectMapper json;
    private final Pool pool;
    private final ConcurrentHashMap<UUID, Set<Runnable>> waiting = new ConcurrentHashMap<>();
    private volatile PgConnection listener;
    private volatile boolean subscribed;
    private volatile boolean stopped;

    public RowChanges(Vertx vertx, RunlensConfig config, ObjectMapper json, Pool pool) {
        this.vertx = vertx;
        this.config = config;
        this.json = json;
        this.pool = pool;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.poll().notifications() || config.exitAfterStart()) {
            return;
        }
        listen(0);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        PgConnection listening = listener;
        if (listening != null) {
            listener = null;
            listening.close();
        }
    }

    // Takes a connection from the pool and LISTENs on it; retried with a growing pause until it does.
    private void listen(int attempt) {
        if (stopped) {
            return;
        }
        pool.getConnection()
                .compose(connection -> {
                    PgConnection listening = PgConnection.cast(connection);
                    listening.notificationHandler(notification -> {
                        if (CHANNEL.equals(notification.getChannel())) {
                            notified(notification.getPayload());
                        }
                    });
                    return listening
                            .query("LISTEN " + CHANNEL)
                            .execute()
                            .map(ignored -> listening)
                            .onFailure(ignored -> connection.close());
                })
                .onSuccess(listening -> {
                    if (stopped) {
                        listening.close();
                        return;
                    }
                    listening.closeHandler(ignored -> lost(listening));
                    listener = listening;
                    listens();
                })
                .onFailure(failure -> {
                    if (attempt == 0) {
                        LOG.warnf(
                                "cannot LISTEN to %s (%s); held requests and streams re-read execution rows every %s"
                                        + " until it connects",
                                CHANNEL, failure.getMessage(), config.poll().rereadInterval());
                    }
                    vertx.setTimer(retryDelayMs(attempt), ignored -> listen(attempt + 1));
                });
    }

    private static long retryDelayMs(int attempt) {
        return Math.min(MAX_RECONNECT_DELAY_MS, 250L * (attempt + 1));
    }

    // PostgreSQL or the network closed the listening connection: waiters re-read until it is back.
    private void lost(PgConnection listening) {
        if (listener != listening) {
            return;
        }
        listener = null;
        if (!stopped) {
            LOG.debugf("the connection listening to %s closed; listening again", CHANNEL);
            vertx.setTimer(retryDelayMs(0), ignored -> listen(1));
        }
    }

    private void listens() {
        boolean again = subscribed;
        subscribed = true;
        LOG.debugf("listening to %s", CHANNEL);
        if (again) {
            // Back after a gap: whatever changed in it was not notified.
            waiting.values().forEach(callbacks -> callbacks.forEach(Runnable::run));
        }
    }

    private void notified(String payload) {
        UUID id;
        try {
            JsonNode change = json.readTree(payload);
            id = UUID.fromString(change.path("id").asText());
        } catch (Exception e) {
            LOG.debugf("ignoring a notification on %s that names no execution: %s", CHANNEL, payload);
            return;
        }
        Set<Runnable> callbacks = waiting.get(id);
        if (callbacks != null) {
            callbacks.forEach(Runnable::run);
        }
    }

    /** Whether row changes arrive as notifications now; when false, waiters re-read every {@link #rereadInterval()}. */
    public boolean pushed() {
        if (!config.db().executions().managed()) {
            // The platform's own relation carries our trigger only if the platform added it
            // (docs/operations.md): notifications may still wake waiters early, but re-reads go on.
            return false;
        }
        return subscribed && listener != null;
    }

    /** The PostgreSQL backend (pg_stat_activity.pid) of the listening connection while it is up, for diagnostics. */
    public OptionalInt listenerProcessId() {
        PgConnection listening = listener;
        return listening == null ? OptionalInt.empty() : OptionalInt.of(listening.processId());
    }

    /** How often a waiter re-reads its row while {@link #pushed()} is false. */
    public java.time.Duration rereadInterval() {
        return config.poll().rereadInterval();
    }

    /**
     * Calls {@code callback} on every notified change of execution {@code id} until the returned handle
     * is run (once, however the wait ends).
     */
    public Runnable watch(UUID id, Runnable callback) {
        waiting.compute(id, (ignored, callbacks) -> {
            Set<Runnable> kept = callbacks == null ? new CopyOnWriteArraySet<>() : callbacks;
            kept.add(callback);
            return kept;
        });
        return () -> waiting.computeIfPresent(id, (ignored, callbacks) -> {
            callbacks.remove(callback);
            return callbacks.isEmpty() ? null : callbacks;
        });
    }
}
