package io.runlens.stream;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * How long the credential an open stream was admitted with stays good: a JWT until it expires, an
 * API key until a re-check finds it revoked. It becomes the stream's {@link RunFollower.Cutoff}; the
 * stream then ends with a {@code reconnect} whose reason says why, and the client reconnects with a
 * fresh credential. An API key is re-checked on a timer of the stream's own event loop, never
 * blocking it; the timer runs between {@link #start} and {@link #stop}.
 */
public final class CredentialWatch {

    /** The token expired. */
    public static final String EXPIRED = "credential_expired";
    /** The API key was revoked. */
    public static final String REVOKED = "credential_revoked";
    /** The API key could not be re-checked twice in a row (PostgreSQL unreachable or too slow). */
    public static final String UNVERIFIED = "credential_unverified";

    private static final Logger LOG = Logger.getLogger(CredentialWatch.class);
    // One failed re-check (a database blip) does not end a healthy stream; the second in a row does.
    private static final int FAILED_CHECKS_FORGIVEN = 1;
    private static final long NOT_STARTED = -1;
    private static final long STOPPED = -2;

    private final Instant expiresAt;
    private final Supplier<Uni<Boolean>> stillLive;
    private final Duration recheck;
    private final Vertx vertx;
    // The step waiting on the signal: a stream makes one Temporal call at a time.
    private final AtomicReference<UniEmitter<? super String>> waiting = new AtomicReference<>();
    private final AtomicBoolean checking = new AtomicBoolean();
    // The periodic timer's id; NOT_STARTED before start, STOPPED after stop.
    private final AtomicLong timer = new AtomicLong(NOT_STARTED);
    private volatile String ended;
    private volatile Context context;
    private int failedInARow;

    private CredentialWatch(Instant expiresAt, Supplier<Uni<Boolean>> stillLive, Duration recheck, Vertx vertx) {
        this.expiresAt = expiresAt;
        this.stillLive = stillLive;
        this.recheck = recheck;
        this.vertx = vertx;
    }

    /** A credential that stays good while the stream lasts. */
    public static CredentialWatch none() {
        return new CredentialWatch(Instant.MAX, null, null, null);
    }

    /** A credential good until {@code expiresAt}. */
    public static CredentialWatch expiringAt(Instant expiresAt) {
        return new CredentialWatch(expiresAt, null, null, null);
    }

    /** A credential that {@code stillLive} re-checks every {@code recheck}: false means revoked, a failure unknown. */
    public static CredentialWatch recheckedEvery(Duration recheck, Supplier<Uni<Boolean>> stillLive, Vertx vertx) {
        return new CredentialWatch(Instant.MAX, stillLive, recheck, vertx);
    }

    /** What ends the stream for its credential's sake. */
    public RunFollower.Cutoff cutoff() {
        return new RunFollower.Cutoff(
                expiresAt, EXPIRED, stillLive == null ? Uni.createFrom().nothing() : signal());
    }

    /** Starts the re-checks, on the caller's event loop (the stream's). */
    public void start() {
        if (stillLive == null || timer.get() != NOT_STARTED) {
            return;
        }
        Context current = Vertx.currentContext();
        context = current != null ? current : vertx.getOrCreateContext();
        long id = vertx.setPeriodic(recheck.toMillis(), ignored -> check());
        if (!timer.compareAndSet(NOT_STARTED, id)) {
            // Started twice, or stopped meanwhile.
            vertx.cancelTimer(id);
        }
    }

    /** Stops the re-checks; the stream has ended. Safe to call more than once, or without {@link #start}. */
    public void stop() {
        long id = timer.getAndSet(STOPPED);
        if (id >= 0) {
            vertx.cancelTimer(id);
        }
    }

    private Uni<String> signal() {
        return Uni.createFrom().emitter(emitter -> {
            waiting.set(emitter);
            emitter.onTermination(() -> waiting.compareAndSet(emitter, null));
            String reason = ended;
            if (reason != null && waiting.compareAndSet(emitter, null)) {
                emitter.complete(reason);
            }
        });
    }

    private void check() {
        if (ended != null || !checking.compareAndSet(false, true)) {
            // A re-check still on its way (slower than the interval) is not doubled.
            return;
        }
        // A duplicated context of its own, marked safe as a request's is: Hibernate Reactive keeps its session there.
        Context own = VertxContext.createNewDuplicatedContext(context);
        VertxContextSafetyToggle.setContextSafe(own, true);
        own.runOnContext(ignored -> stillLive
                .get()
                .subscribe()
                .with(
                        live -> context.runOnContext(back -> checked(live)),
                        failure -> context.runOnContext(back -> checkFailed(failure))));
    }

    private void checked(boolean live) {
        checking.set(false);
        failedInARow = 0;
        if (!live) {
            end(REVOKED);
        }
    }

    private void checkFailed(Throwable failure) {
        checking.set(false);
        failedInARow++;
        LOG.debugf("a stream's API key could not be re-checked (%d in a row): %s", failedInARow, failure.toString());
        if (failedInARow > FAILED_CHECKS_FORGIVEN) {
            end(UNVERIFIED);
        }
    }

    private void end(String reason) {
        ended = reason;
        stop();
        UniEmitter<? super String> emitter = waiting.getAndSet(null);
        if (emitter != null) {
            emitter.complete(reason);
        }
    }
}
