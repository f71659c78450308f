package io.runlens.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.runlens.config.RunlensConfig;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Execution row changes as PostgreSQL pushes them: the trigger of migration V6 (or the platform's own,
 * see docs/operations.md) runs {@code pg_notify('runlens_execution', ...)} with the row's id and
 * organization on every INSERT and UPDATE, and one connection of this instance LISTENs to that channel
 * (Vert.x's {@link PgSubscriber}, which reconnects by itself). Whoever waits for an execution (a held
 * request, an open stream) registers a callback for its id and is called on the subscriber's event
 * loop; it hops to its own context.
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
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private final ConcurrentHashMap<UUID, Set<Runnable>> waiting = new ConcurrentHashMap<>();
    private volatile PgSubscriber subscriber;
    private volatile boolean subscribed;
    private volatile boolean stopped;

    public RowChanges(
            Vertx vertx,
            RunlensConfig config,
            ObjectMapper json,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.config = config;
        this.json = json;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.poll().notifications() || config.exitAfterStart()) {
            return;
        }
        PgConnectOptions options =
                PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url);
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        PgSubscriber listening = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> stopped ? -1L : Math.min(MAX_RECONNECT_DELAY_MS, 250L * (retries + 1)));
        listening.channel(CHANNEL).subscribeHandler(ignored -> listens()).handler(this::notified);
        subscriber = listening;
        connect(0);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        PgSubscriber listening = subscriber;
        if (listening != null) {
            listening.close();
        }
    }

    // The first connection: the reconnect policy only covers a connection that was up once.
    private void connect(int attempt) {
        if (stopped) {
            return;
        }
        subscriber.connect().onFailure(failure -> {
            if (attempt == 0) {
                LOG.warnf(
                        "cannot LISTEN to %s (%s); held requests and streams re-read execution rows every %s until it"
                                + " connects",
                        CHANNEL, failure.getMessage(), config.poll().rereadInterval());
            }
            vertx.setTimer(Math.min(MAX_RECONNECT_DELAY_MS, 250L * (attempt + 1)), ignored -> connect(attempt + 1));
        });
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
        PgSubscriber listening = subscriber;
        return subscribed && listening != null && !listening.closed() && listening.actualConnection() != null;
    }

    /** The PostgreSQL backend (pg_stat_activity.pid) of the listening connection while it is up, for diagnostics. */
    public OptionalInt listenerProcessId() {
        PgSubscriber listening = subscriber;
        PgConnection connection = listening == null ? null : listening.actualConnection();
        return connection == null ? OptionalInt.empty() : OptionalInt.of(connection.processId());
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
