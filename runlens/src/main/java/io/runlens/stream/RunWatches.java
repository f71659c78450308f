package io.runlens.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.runlens.config.RunlensConfig;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * New history events of running runs, for requests held until their answer changes: one
 * {@link RunFollower} per run (Temporal's long poll for new events, as a live stream uses it), shared
 * by every request held on that run. A callback is called on the follower's context for each step that
 * brought a new event, a status change or the run's end, and once more when the follower ends (the run
 * closed, or Temporal failed), after which the run has no watch until someone asks again.
 *
 * <p>A watch outlives its last request by {@code runlens.poll.watch-linger}: a dashboard polls again as
 * soon as it has its answer, and a new watch would first read the run's whole history from Temporal to
 * find where it stands. A request that joins a watch which has already seen events past the history its
 * answer showed is called back at once (its answer is stale), so joining late never misses an event.
 */
@ApplicationScoped
public class RunWatches {

    private final RunFollower follower;
    private final Vertx vertx;
    private final long lingerMs;
    private final int maxLingering;
    private final Counter started;
    private final ConcurrentHashMap<String, Watch> watches = new ConcurrentHashMap<>();

    public RunWatches(RunFollower follower, Vertx vertx, RunlensConfig config, MeterRegistry metrics) {
        this.follower = follower;
        this.vertx = vertx;
        this.lingerMs = config.poll().watchLinger().toMillis();
        this.maxLingering = config.poll().maxConcurrent();
        this.started = Counter.builder("runlens.poll.run.watches.started")
                .description("Temporal long polls started for held requests (each first reads its run's history)")
                .register(metrics);
    }

    /** Runs watched now (one Temporal long poll each), lingering ones included. */
    public int watched() {
        return watches.size();
    }

    /** Watches started since this instance started. */
    public long startedCount() {
        return (long) started.count();
    }

    /**
     * Calls {@code callback} whenever run {@code runId} of {@code workflowId} gets an event after
     * {@code historyLength} (the history the caller's answer showed), until the returned handle is run.
     */
    public Runnable watch(String namespace, String workflowId, String runId, long historyLength, Runnable callback) {
        String key = namespace + '\u0000' + workflowId + '\u0000' + runId;
        Watch[] fresh = new Watch[1];
        Watch watch = watches.compute(key, (ignored, current) -> {
            Watch kept = current;
            if (kept == null) {
                kept = new Watch(key, historyLength);
                fresh[0] = kept;
            }
            kept.join(callback);
            return kept;
        });
        if (fresh[0] != null) {
            started.increment();
            FollowedRun run = new FollowedRun(namespace, workflowId, runId, "RUNNING", historyLength, "");
            fresh[0].start(run, historyLength);
        } else if (watch.seen > historyLength) {
            // The watch is past what this caller's answer shows: that answer is stale already.
            callback.run();
        }
        return () -> watches.computeIfPresent(key, (ignored, current) -> {
            if (current != watch) {
                return current;
            }
            current.callbacks.remove(callback);
            if (current.callbacks.isEmpty()) {
                if (lingerMs == 0 || watches.size() > maxLingering) {
                    current.cancel();
                    return null;
                }
                current.linger();
            }
            return current;
        });
    }

    private final class Watch {

        private final String key;
        private final Set<Runnable> callbacks = new CopyOnWriteArraySet<>();
        private volatile Cancellable subscription;
        private volatile boolean cancelled;
        /** The last event id this watch has seen (its start: the first caller's history length). */
        private volatile long seen;
        /** Bumped on every join: a linger timer ends the watch only if nobody joined since it was set. */
        private long joins;

        Watch(String key, long historyLength) {
            this.key = key;
            this.seen = historyLength;
        }

        // Under the map's lock for this key (compute), like linger() and the release.
        void join(Runnable callback) {
            joins++;
            callbacks.add(callback);
        }

        void linger() {
            long at = joins;
            vertx.setTimer(
                    lingerMs,
                    ignored -> watches.computeIfPresent(key, (k, current) -> {
                        if (current != this || !callbacks.isEmpty() || joins != at) {
                            return current;
                        }
                        cancel();
                        return null;
                    }));
        }

        void start(FollowedRun run, long after) {
            Cancellable following = follower.follow(run, after)
                    .subscribe()
                    .with(
                            step -> {
                                advance(step);
                                if (changes(step)) {
                                    callbacks.forEach(Runnable::run);
                                }
                            },
                            failure -> ended(),
                            this::ended);
            subscription = following;
            if (cancelled) {
                following.cancel();
            }
        }

        private void advance(RunFollower.Step step) {
            long last = seen;
            for (RunUpdate update : step.updates()) {
                if (update instanceof RunUpdate.Event event) {
                    last = Math.max(last, event.folded().eventId());
                } else if (update instanceof RunUpdate.Closed closed) {
                    last = Math.max(last, closed.closeEventId());
                }
            }
            seen = last;
        }

        private boolean changes(RunFollower.Step step) {
            // The first step opens with the run's status as it was: only what came after counts.
            return step.last()
                    || step.updates().stream()
                            .anyMatch(update ->
                                    !(update instanceof RunUpdate.Status) && !(update instanceof RunUpdate.KeepAlive));
        }

        private void ended() {
            watches.remove(key, this);
            callbacks.forEach(Runnable::run);
        }

        void cancel() {
            cancelled = true;
            Cancellable following = subscription;
            if (following != null) {
                following.cancel();
            }
        }
    }
}
